"""Candidate actor mentions from spaCy's entities: line zones, photo credits and span cleaning.

Works on token indices; the caller turns them into character offsets at the end.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from spacy.tokens import Doc, Token

ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"})

BODY, HEADLINE, CREDIT, CAPTION = "body", "headline", "credit", "caption"

_DETERMINERS = frozenset({"the", "a", "an"})
# name particles that may start a surname ("de Gaulle", "van Gogh", "al-Assad")
PARTICLES = frozenset(
    """
    al bin ibn da de del della der di du el la le van von ter ten dos das y
    """.split()
)
# capitalised titles that precede a personal name but are not part of it (CoNLL and OntoNotes
# both leave them out of the PERSON span)
TITLES = frozenset(
    """
    mr mrs ms miss dr prof professor president vice prime minister premier chancellor secretary
    general gen sen senator rep representative gov governor mayor king queen prince princess
    sir dame lord lady pope cardinal bishop rev reverend father sheikh chairman chairwoman
    chief judge justice ambassador col colonel capt captain lt lieutenant sgt sergeant maj
    major commissioner coach spokesman spokeswoman spokesperson foreign defence defense
    interior finance deputy former ex st mp mps mla mlas mpp mpps mep meps councillor councilor
    councilman councilwoman alderman trustee sheriff officer constable inspector detective
    agent
    """.split()
)
# nouns that describe a person's role or relation ("alliance head", "organizer", "her
# husband"): they may stand before a name as a role mention, or be cut from a PERSON span
ROLE_WORDS = TITLES | frozenset(
    """
    head leader spokesperson organizer organiser rapper singer actor actress author writer
    artist lawyer attorney advocate activist researcher doctor nurse teacher student owner
    founder cofounder ceo chef farmer resident witness survivor victim veteran candidate member
    host player forward defenceman defenseman goaltender goalie striker midfielder defender
    quarterback pitcher catcher caddie caddy analyst economist expert scientist journalist
    reporter photographer columnist editor producer director designer architect engineer
    developer consultant firefighter paramedic pastor priest imam rabbi elder president
    minister premier chancellor secretary governor mayor senator chairman chairwoman chair
    coach manager captain commander general admiral diplomat envoy ambassador negotiator
    spokeswoman spokesman official officer adviser advisor aide assistant deputy director
    executive president partner investor entrepreneur banker trader broker analyst
    prosecutor judge justice defendant suspect accused plaintiff complainant inmate prisoner
    refugee migrant immigrant mother father son daughter wife husband brother sister widow
    widower grandmother grandfather grandson granddaughter aunt uncle niece nephew cousin
    girlfriend boyfriend fiancee fiance friend neighbour neighbor colleague boss employee
    worker teammate rival opponent champion medallist medalist winner runner-up skater
    swimmer sprinter cyclist golfer boxer wrestler jockey driver pilot astronaut poet
    novelist comedian musician guitarist drummer dancer model designer blogger influencer
    historian professor lecturer dean principal superintendent chief sheriff constable
    detective inspector sergeant corporal private lieutenant colonel major soldier
    commissioner councillor councilor trustee regulator economist strategist pollster
    """.split()
)
_CAPTION_MAX = 500
_SENTENCE_END = re.compile(r"[.!?][\"”’)]?(?=\s+[A-Z“\"]|\s*$)")
# related-content lines of web copy: "READ MORE: ...", "WATCH: ...", "Also on HuffPost:"
_LINK_LINE = re.compile(
    r"^\s*(?:READ MORE|Read more|MORE|WATCH(?: BELOW)?|Watch|RELATED|Related|SEE ALSO|See also|ALSO READ|"
    r"Also on [\w ]+|Click here|LISTEN|Listen)\s*[:|]"
)
_ROLE_ACRONYMS = frozenset({"mp", "mps", "mla", "mlas", "mpp", "mpps", "mep", "meps", "ceo", "ceos"})
_NOT_NAME_POS = frozenset(
    {"DET", "PRON", "CCONJ", "SCONJ", "ADP", "PART", "AUX", "VERB", "INTJ", "ADV", "NUM"}
)
_SPLITTERS = frozenset({"(", ")", "[", "]", ",", ";", ":", "|", "/", '"', "“", "”", "«", "»"})
_DASHES = frozenset({"-", "--", "–", "—"})
_POSSESSIVES = frozenset({"'s", "’s", "'", "’", "s'"})
_DIGITISH = re.compile(r"^[\d.,:/+-]+[a-z]{0,2}$")  # 63, 1996-08-31, 4-55, 104th
_TERMINAL = (".", "!", "?", ":", ";", '"', "”", "’", "'", ")", "]", ",", "…")
_SMALL_WORDS = frozenset(
    """
    a an and as at by for from in into of on or over the to up vs with after amid about but is
    are be
    """.split()
)
# photo credits and bylines: "(Doug Ives/Canadian Press)", "KENZO TRIBOUILLARD/AFP via Getty
# Images", "( Richard Lautens / Toronto Star )", "Photo: Jane Doe", "By Jane Doe" lines
_WORD = r"[A-Z](?:\.|[\w'’-]*)"
_NAME = _WORD + r"(?:[ \t]+(?:" + _WORD + r"|de|van|von|da|di|le|la)){0,3}"
_OUTLET = (
    r"(?:[A-Z][\w.&'’-]*[ \t]+){0,3}(?:Press|PRESS|News|NEWS|Reuters|AFP|Bloomberg|Times|Post|"
    r"Star|Herald|Journal|Globe|Mail|Tribune|Guardian|Telegraph|Wire|Staff|Correspondent|"
    r"Reporter|Writer|Editor|Contributor|Agency|Media|Network|Radio|CBC|CNN|BBC|Images|IMAGES|"
    r"Photos|AP|EPA|Getty|Xinhua|Pool|POOL|Shutterstock|Sipa)\b"
)
_CREDIT_PATTERNS = (
    re.compile(
        r"(?:^|(?<=[(\n])|(?<=[.!?)”\"] ))[ \t]*(" + _NAME + r")[ \t]*/[ \t]*(?=[A-Z])"
        r"(?P<agency>(?:The[ \t]+|THE[ \t]+)?" + _OUTLET + r"(?:[ \t]+via[ \t]+Getty[ \t]+Images)?)?",
        re.M,
    ),
    re.compile(
        r"\b(?:Photo|Photos|Photograph|Image|Credit|Picture)s?(?:[ \t]+by|[ \t]*:)[ \t]*(" + _NAME + ")"
    ),
    re.compile(r"^[ \t]*(?:By[ \t]+|BY[ \t]+)(" + _NAME + r")(?:[ \t]*(?:,|and|&).*)?$", re.M),
    re.compile(r"^[ \t]*(" + _NAME + r"),[ \t]+(?:The[ \t]+|the[ \t]+)?" + _OUTLET + r"[ \t]*$", re.M),
    # reporters named in the copy: "With files from Jane Doe", "Jane Doe is a Regina-based
    # reporter covering ...", "Jane Doe has the latest.", "As Jane Doe reports"
    re.compile(r"\b[Ww]ith files from[ \t]+(?:the[ \t]+|The[ \t]+)?(" + _NAME + ")"),
    re.compile(
        r"(?:^|(?<=[.!?”\"] ))(" + _NAME + r") is an? [\w -]{0,40}?(?:reporter|writer|columnist|"
        r"correspondent|editor|journalist|photographer)\b",
        re.M,
    ),
    re.compile(
        r"(?:^|(?<=[.!?”\"] ))(" + _NAME + r") has (?:the |more|the latest|the details|the story)", re.M
    ),
    re.compile(r"\bAs (" + _NAME + r") reports\b"),
    # an agency opening a caption line: "The Canadian Press Premier Jane Doe opens"
    re.compile(
        r"^[ \t]*((?:The[ \t]+|THE[ \t]+)?(?:Canadian Press|CANADIAN PRESS|Associated Press|AP Photo|"
        r"Reuters|REUTERS|AFP|Getty Images))(?=[ \t]+[A-Z])",
        re.M,
    ),
)


@dataclass
class Cand:
    """A cleaned mention candidate: token span [start, end), model label, line zone."""

    start: int
    end: int
    label: str
    zone: str


def _is_headline(line: str, first: bool) -> bool:
    words = re.findall(r"[^\W\d_][\w'’.-]*", line)
    if not words:
        return False
    letters = [ch for ch in line if ch.isalpha()]
    if not letters:
        return False  # word characters but no letter: "²", "½", "Ⅻ"
    upper = sum(ch.isupper() for ch in letters) / len(letters)
    if upper >= 0.8 and (len(words) >= 3 or first):
        return True  # an ALL-CAPS line (wire headlines)
    if len(re.findall(r"(?<!\S)[\d.,:/()+-]*\d[\d.,:/()+-]*(?!\S)", line)) >= 2:
        return False  # a results table row ("Robert Allenby ( Australia ) 69 71"), not a title
    content = [w for w in words if w.lower() not in _SMALL_WORDS]
    if not content or line.rstrip().endswith(_TERMINAL) or len(words) > 20:
        return False
    capitalised = sum(w[0].isupper() for w in content) / len(content)
    return capitalised >= 0.8 and (len(content) >= 2 or first)


def token_zones(doc: Doc) -> list[str]:
    """Zone of every token: headline (title-like line), credit (photo credit or byline name),
    caption (a short line holding a credit, or the sentence after one) or body."""
    text = doc.text
    credits: list[tuple[int, int]] = []
    for pattern in _CREDIT_PATTERNS:
        for match in pattern.finditer(text):
            credits.append(match.span(1))
            if "agency" in pattern.groupindex and match.group("agency"):
                credits.append(match.span("agency"))
    credit_starts = sorted(s for s, _ in credits)
    starts = [token.idx for token in doc]
    zones: list[str] = []
    offset, first = 0, True
    for line in text.split("\n"):
        end = offset + len(line)
        zone = BODY
        if line.strip():
            zone = HEADLINE if _is_headline(line, first) or _LINK_LINE.match(line) else BODY
            # a short line holding a credit is a caption (long ones are whole articles)
            k = bisect_left(credit_starts, offset)
            if (
                zone == BODY
                and len(line) < _CAPTION_MAX
                and k < len(credit_starts)
                and credit_starts[k] < end
            ):
                zone = CAPTION
            first = False
        zones.extend([zone] * (bisect_left(starts, end + 1) - len(zones)))
        offset = end + 1
    for credit_start, credit_end in credits:
        line_end = text.find("\n", credit_end)
        line_end = len(text) if line_end < 0 else line_end
        stop = _SENTENCE_END.search(text, credit_end, line_end)
        caption_end = stop.end() if stop else line_end
        for i in range(bisect_left(starts, credit_end), bisect_left(starts, caption_end)):
            if zones[i] == BODY:
                zones[i] = CAPTION  # in a long line, the sentence after a credit is its caption
        for i in range(bisect_left(starts, credit_start), bisect_left(starts, credit_end)):
            zones[i] = CREDIT
    return zones


def _pieces(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """Split an entity span at newlines, brackets, commas and spaced dashes ("SOCCER - X")."""
    out, cur = [], start
    for i in range(start, end):
        token = doc[i]
        spaced_dash = token.text in _DASHES and (i == start or doc[i - 1].whitespace_)
        if token.is_space or token.text in _SPLITTERS or spaced_dash:
            if cur < i:
                out.append((cur, i))
            cur = i + 1
    if cur < end:
        out.append((cur, end))
    return out


def _trim(doc: Doc, start: int, end: int, label: str) -> tuple[int, int]:
    def junk_edge(i: int, leading: bool) -> bool:
        token = doc[i]
        text = token.text
        if token.is_punct or token.is_space or text in _POSSESSIVES or _DIGITISH.match(text):
            return True
        if token.lower_ in _DETERMINERS and leading:
            return True
        if text.islower() and not (leading and token.lower_ in PARTICLES and i + 1 < end):
            return True  # "Interfax news agency", "alliance head Jens Stoltenberg"
        return False

    while start < end and junk_edge(start, True):
        start += 1
    while end > start and junk_edge(end - 1, False):
        end -= 1
    if label == "PERSON":
        # "President Joe Biden" -> "Joe Biden", "Organizer Dana Kowal" -> "Dana
        # Kowal", "Both Lind" -> "Lind"; a bare "King" stays
        while end - start > 1 and (
            doc[start].lower_.rstrip(".") in TITLES
            or doc[start].lower_ in ROLE_WORDS
            and end - start > 2  # not "Dean Chaumoo"
            or doc[start].pos_ in _NOT_NAME_POS
            or doc[start].tag_ in {"NN", "NNS"}
            and doc[start].is_sent_start
        ):
            start += 1
            while start < end and (doc[start].is_punct or doc[start].text in _DASHES):
                start += 1
        # the model often stops after a first name: "Theresa| May", "Tiger| Woods"
        if end - start == 1 and end < len(doc) and _surname_like(doc[end]):
            end += 1
    return start, end


def _surname_like(token: Token) -> bool:
    text = token.text
    return (
        token.pos_ == "PROPN"
        and text[:1].isupper()
        and not text.isupper()
        and token.is_alpha
        and not token.ent_type_
        and not token.is_sent_start
        and token.lower_ not in ROLE_WORDS
    )


def _valid(doc: Doc, start: int, end: int, label: str) -> bool:
    text = doc[start:end].text
    if sum(ch.isalpha() for ch in text) < 2 or not any(ch.isupper() for ch in text):
        return False
    if "http" in text or "www." in text or "@" in text:
        return False
    last = doc[end - 1].lower_
    if end - start > 1 and last in _ROLE_ACRONYMS:
        return label != "PERSON"  # "Liberal MLA", "Liberal MPs"
    if end - start > 1 or label != "PERSON":
        return not (end - start == 1 and doc[start].pos_ == "PRON")
    token = doc[start]
    if token.lower_ in _ROLE_ACRONYMS or token.lower_.endswith("s") and token.lower_[:-1] in ROLE_WORDS:
        return False  # "MPs", "Lawyers"
    # a sentence-initial common noun the model took for a name ("Rapper", "Debris")
    return token.pos_ != "PRON" and not (token.is_sent_start and token.tag_ in {"NN", "NNS"})


def clean_span(doc: Doc, start: int, end: int, label: str) -> list[tuple[int, int]]:
    """Token spans of the names inside one entity span (usually one, sometimes none or two)."""
    out = []
    for s, e in _pieces(doc, start, end):
        s, e = _trim(doc, s, e, label)
        if s < e and _valid(doc, s, e, label):
            out.append((s, e))
    return out


def candidates(doc: Doc, zones: list[str]) -> list[Cand]:
    out = []
    for ent in doc.ents:
        if ent.label_ not in ACTOR_LABELS:
            continue
        for s, e in clean_span(doc, ent.start, ent.end, ent.label_):
            if zones[s] == zones[e - 1] and CREDIT not in zones[s:e]:
                out.append(Cand(s, e, ent.label_, zones[s]))
                continue
            # "Getty Images Jane Doe": a credit glued to a caption name; split by zone
            run = s
            for i in range(s + 1, e + 1):
                if i == e or zones[i] != zones[run]:
                    rs, re_ = _trim(doc, run, i, ent.label_)
                    if rs < re_ and _valid(doc, rs, re_, ent.label_):
                        out.append(Cand(rs, re_, ent.label_, zones[run]))
                    run = i
    return out


# last words that make a would-be person an organisation or a facility (after actor_id)
ORG_WORDS = frozenset(
    """
    inc corp corporation ltd llc gmbh plc ag sa co company group media press news bank party
    council committee association society union foundation institute university college school
    academy church ministry department agency commission police rcmp services club fc airlines
    airways motors hospital catholic times post network records pictures studios brewery
    holdings partners team fund trust federation league
    """.split()
)
FAC_WORDS = frozenset(
    """
    street avenue ave road rd boulevard blvd square park bridge airport station brook river
    lake mountain hall tower building stadium arena centre center hollow head creek bay island
    beach valley highway court place plaza mall village
    """.split()
)
