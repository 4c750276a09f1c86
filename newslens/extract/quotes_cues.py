"""Cue verbs and their subjects on the dependency parse, with position fallbacks.

A cue is the speech verb ("said", "urged", "told") that introduces a quote; its subject is the
speaker phrase. The parse is trusted first (a speech verb that governs the quote); where the
parser splits '"...," he said.' into pieces, the words right after or right before the quote
marks decide.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

# verbs that can introduce a direct quote (lemmas)
SPEECH_VERBS = frozenset(
    """say tell add state explain note urge warn announce claim argue insist call write ask
    describe conclude declare reply respond suggest acknowledge admit confirm deny stress
    emphasise emphasize report tweet post recall quip joke predict complain concede continue
    caution observe remark answer testify allege contend maintain assert vow promise pledge
    plead beg demand shout yell cry scream chant sing whisper mutter boast brag lament agree
    comment counter point reiterate repeat read describe dub label term question wonder
    recount reveal disclose indicate insist advise recommend propose order instruct urge
    implore estimate accuse criticize criticise blast slam praise thank hail condemn""".split()
)
# verbs whose clausal complement is reported speech (indirect quotes)
INDIRECT_VERBS = frozenset(
    """say tell add state explain note warn announce claim argue insist report write suggest
    acknowledge admit confirm deny stress emphasise emphasize predict complain concede caution
    observe remark answer testify allege contend maintain assert vow promise pledge reply
    respond agree reiterate repeat reveal disclose indicate estimate recall tweet post
    continue point""".split()
)
# "called them 'deplorables'": the naming verb's subject owns the words, not an outer "said"
NAMING_VERBS = frozenset({"call", "describe", "dub", "label", "term", "brand"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
SENTENCE_END = frozenset({".", "!", "?"})
DASHES = frozenset({"\u2015", "\u2014", "\u2013", "-", "--"})
CLOSING = frozenset({'"', "\u201d", "'", "\u2019"})
OPENING = frozenset({'"', "\u201c", "\u2018", "'"})


@dataclass(frozen=True)
class Cue:
    verb: Token | None  # None for "according to"
    subject: Token  # head of the speaker phrase
    text: str  # cue as written: "said", "according to"
    how: str  # governs | after | before | sentence | according


def tokens_with(doc: Doc, attr: str, words: frozenset[str]) -> list[int]:
    """Indices of tokens whose LEMMA/LOWER/ORTH is one of `words`, read from the array:
    iterating a Doc builds a Token object per word, which costs more than the rules."""
    strings = doc.vocab.strings
    wanted = {strings.add(w) for w in words}
    return [i for i, value in enumerate(doc.to_array(attr).tolist()) if value in wanted]


def is_speech_verb(token: Token, lemmas: frozenset[str] = SPEECH_VERBS) -> bool:
    if token.pos_ not in {"VERB", "AUX"} or token.lemma_.lower() not in lemmas:
        return False
    if token.lemma_.lower() == "point":  # "pointed out", not "pointed a gun"
        return any(c.dep_ == "prt" and c.lower_ == "out" for c in token.children)
    if token.lemma_.lower() == "continue":  # "he continued:", '"…," she continued.' only
        doc = token.doc
        nxt = doc[token.i + 1].text if token.i + 1 < len(doc) else ""
        after = doc[token.i + 2].text if token.i + 2 < len(doc) else ""
        # 'he continued, "…"', not 'the mission continues, it is overseen by …'
        return nxt == ":" or (nxt == "," and after[:1] in OPENING) or (
            nxt in SENTENCE_END and any(t.text[-1:] in CLOSING for t in doc[max(0, token.i - 4) : token.i])
        )
    return True


_OBJECT_PRONOUNS = frozenset({"it", "them", "him", "her", "us", "me", "this", "that"})


def same_line(doc: Doc, a: int, b: int) -> bool:
    """No line break between tokens a and b: a subject never sits in another paragraph."""
    lo, hi = min(a, b), max(a, b)
    return not any("\n" in t.text or "\n" in t.whitespace_ for t in doc[lo:hi])


def subject_of(verb: Token, blocked: set[int]) -> Token | None:
    """The head of the verb's speaker phrase; climbs conj/xcomp/advcl chains ('..., adding that')."""
    doc = verb.doc
    node: Token = verb
    other_line = False
    # 'X said the board will pay, insisting …': the parser hangs the participle on the
    # reported clause, but the one insisting is the speaker of the outer verb
    if verb.tag_ == "VBG" and verb.dep_ == "advcl" and not any(c.dep_ in SUBJECT_DEPS for c in verb.children):
        clause = verb.head
        if clause.dep_ == "ccomp" and clause.head.i not in blocked and is_speech_verb(clause.head):
            node = clause.head
    for _ in range(5):
        # two subjects is a misparse ('Then-minister of transport Jane Roe said'): the name first
        for child in sorted(node.children, key=lambda c: c.pos_ != "PROPN"):
            if child.dep_ not in SUBJECT_DEPS or child.i in blocked or child.is_punct:  # 'co-wrote': '-'
                continue
            if not same_line(doc, child.i, verb.i):
                other_line = True
                continue
            if child.i > node.i and child.lower_ in _OBJECT_PRONOUNS:
                continue  # 'calling it a "takeover"': a small clause, not the speaker
            if child.ent_type_ in {"DATE", "TIME"} and not any(c.dep_ == "poss" for c in child.children):
                continue  # 'said Wednesday that': a misparse ('says my six-year-old' is a person)
            if child.lower_ in {"that", "which", "who"} and node.dep_ == "relcl":
                return node.head
            if child.dep_ == "nsubjpass" and node is verb and verb.lemma_.lower() != "quote":
                # 'it is often said', 'he was told': the speaker is the agent ('by X') or unknown
                agent = next((c for c in verb.children if c.dep_ == "agent"), None)
                return next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
            return child
        if node.dep_ in {"conj", "xcomp", "advcl", "pcomp", "prep", "acl"} and node.head is not node:
            node = node.head  # '..., adding that', 'was quoted as saying'
            continue
        break
    if other_line:  # a headline glued to the sentence: the noun right before the verb
        prev = doc[verb.i - 1] if verb.i > 0 else None
        if prev is not None and prev.i not in blocked and prev.pos_ in {"PROPN", "PRON", "NOUN"}:
            return prev
    # 'advocate Rosa Lind told HuffPost', 'Mary Jones, one of the study's authors, says' under a
    # glued headline, misparsed: a person's name right before the verb or its apposition
    prev = _name_before(doc, verb.i)
    if prev is not None and prev.i not in blocked:
        return prev
    # "said Stoltenberg" parsed with the name as object or attribute (never 'told HuffPost': the
    # hearer); only an inverted cue, right after the quote or a comma ('she co-wrote "Stone
    # Garden"' names a book, not its speaker)
    inverted = verb.i == 0 or doc[verb.i - 1].text in {",", ":"} | CLOSING or doc[verb.i - 1].text[-1:] in CLOSING
    for child in verb.rights if inverted else ():
        if child.i not in blocked and child.dep_ in {"dobj", "attr", "npadvmod", "oprd"} and (
            child.pos_ == "PROPN" or child.lower_ in {"he", "she", "they"} or child.ent_type_ in {"PERSON", "ORG"}
        ) and child.ent_type_ not in {"DATE", "TIME"} and same_line(doc, child.i, verb.i):
            return child
    return _misparsed_subject(verb, blocked)


def _person_subject(token: Token, blocked: set[int]) -> Token | None:
    if token.i in blocked or token.pos_ != "PROPN" or token.ent_type_ != "PERSON":
        return None
    return token


def _misparsed_subject(verb: Token, blocked: set[int]) -> Token | None:
    """Parse fallbacks for a speech verb left with no subject:
    - 'Jane Roe, who …, drove a taxi and retired in 2019, said …': the parser made the
      clause before the verb its complement; that clause's person subject speaks;
    - 'Jane Roe, who ran 12 km. "and then some" last week, says …': the sentence was split at an
      abbreviation; the verbless piece before it names the speaker."""
    doc = verb.doc
    for child in verb.lefts:
        if child.dep_ in {"ccomp", "conj"} and child.pos_ in {"VERB", "AUX"}:
            for sub in child.children:
                if sub.dep_ in SUBJECT_DEPS and same_line(doc, sub.i, verb.i) and _person_subject(sub, blocked):
                    return sub
    sent = verb.sent
    if sent.start > 0:
        previous = doc[sent.start - 1].sent
        root = previous.root
        if (
            not any(t.pos_ in {"VERB", "AUX"} and t.dep_ == "ROOT" for t in previous)
            and same_line(doc, root.i, verb.i)
            and _person_subject(root, blocked)
        ):
            return root
    return None


def _name_before(doc: Doc, i: int) -> Token | None:
    """The person's name ending right before token i, or before an apposition ', …,' there."""
    j = i - 1
    if j > 0 and doc[j].text == ",":
        for k in range(j - 1, max(-1, j - 12), -1):
            if "\n" in doc[k].whitespace_ or doc[k].text in SENTENCE_END:
                return None
            if doc[k].text == ",":
                j = k - 1
                break
        else:
            return None
    if j < 0:
        return None
    token = doc[j]
    return token if token.ent_type_ == "PERSON" and token.pos_ == "PROPN" else None


# 'going according to plan', 'decided according to this precedent': a norm, not a source
_NORMS = frozenset("""plan schedule timetable precedent law rule regulation norm script scenario
    tradition custom protocol procedure instruction guideline standard principle logic pattern
    recipe formula""".split())


def according_to(doc: Doc, start: int, end: int, blocked: set[int]) -> Token | None:
    """The X of 'according to X' within tokens [start, end), outside quotes; None when X is a
    rule followed rather than a source ('according to plan')."""
    for token in doc[start:end]:
        if token.lower_ == "according" and token.i + 2 < len(doc) and doc[token.i + 1].lower_ == "to":
            source = next((c for c in doc[token.i + 1].children if c.dep_ == "pobj" and c.i not in blocked), None)
            nxt = doc[token.i + 2]
            if source is None and nxt.i not in blocked and nxt.pos_ in {"PROPN", "NOUN", "PRON", "DET"}:
                source = nxt.head if nxt.dep_ in {"det", "compound", "amod", "poss"} else nxt
            if source is not None:
                return None if source.lemma_.lower() in _NORMS else source
    return None


def governing_cue(first: int, last: int, doc: Doc, blocked: set[int], lo: int, hi: int) -> Cue | None:
    """A speech verb outside the quote whose subtree holds the quote [first, last] (token ids).

    Outermost wins ('Stoltenberg said leaders would ask China to "…"' is Stoltenberg's), except
    a naming verb ('Clinton called them "deplorables"').
    """
    roots = [t for t in doc[first : last + 1] if not (first <= t.head.i <= last) or t.head is t]
    ancestors: list[Token] = []
    for root in roots[:3]:
        for anc in root.ancestors:
            if anc.i not in blocked and anc not in ancestors and lo <= anc.i < hi:
                ancestors.append(anc)
    chosen: Cue | None = None
    for anc in ancestors:  # innermost first
        if not is_speech_verb(anc):
            continue
        subject = subject_of(anc, blocked)
        if subject is None:
            continue
        cue = Cue(anc, subject, anc.text, "governs")
        if chosen is None and _names(anc):
            return cue
        chosen = cue
    return chosen


def _names(verb: Token) -> bool:
    """'called them "deplorables"', 'described as "…"' (not 'called on China to "…"')."""
    if verb.lemma_.lower() not in NAMING_VERBS:
        return False
    return not any(c.dep_ in {"prep", "prt"} and c.lower_ in {"on", "for", "upon", "out"} for c in verb.children)


def adjacent_cue(
    doc: Doc, first: int, last: int, blocked: set[int], lo: int, hi: int
) -> Cue | None:
    """'"…," he said' / '"…," said X' just after, or 'X said: "…"' just before the quote.

    `first`/`last` are the token ids of the quote marks; [lo, hi) bounds the paragraph.
    """
    before_cue, colon = _before_cue(doc, first, blocked, lo)
    if colon:  # 'Peabody said: "…," adding that …': the colon introduces this quote
        return before_cue
    after = []
    for token in doc[last + 1 : hi]:
        if token.i in blocked or token.text in SENTENCE_END or len(after) >= 10:
            break
        after.append(token)
    subject = according_to(doc, after[0].i, after[-1].i + 1, blocked) if after else None
    if subject is not None and after[0].lower_ in {",", "according"}:
        return Cue(None, subject, "according to", "according")
    glued = doc[last].text[-1:] in DASHES and len(doc[last]) > 1  # '”―' as one token
    signed = [t for t in after if not t.is_space]
    if signed and (signed[0].text in DASHES or glued):  # '"…" ― Sonya Herridge': a quote signed with a dash
        names = [t for t in signed[(0 if glued else 1) : 4] if t.pos_ == "PROPN" and t.text not in DASHES]
        if names:
            head = names[0].head if names[0].dep_ == "compound" and names[0].head.pos_ == "PROPN" else names[0]
            return Cue(None, head, doc[last].text[-1] if glued else signed[0].text, "after")
    for token in after[:6]:
        if is_speech_verb(token):
            subject = subject_of(token, blocked)
            if subject is None:  # parse gave up: take the nearest noun after or before the verb
                subject = _nearby_noun(after, token)
            if subject is not None:
                return Cue(token, subject, token.text, "after")
    return before_cue


def _before_cue(doc: Doc, first: int, blocked: set[int], lo: int) -> tuple[Cue | None, bool]:
    """'X said: "…"' / 'X said, "…"' right before the quote; True when a speech verb ends in a colon."""
    before = []
    for token in reversed(doc[lo:first]):
        if token.i in blocked or (token.text in SENTENCE_END and token.i < first - 1):
            break
        before.append(token)
    before.reverse()
    if not before:  # 'Caddell continued:' closing the paragraph before the quote
        j = first - 1
        while j >= 0 and doc[j].is_space:
            j -= 1
        if j >= 0 and doc[j].text == ":" and j not in blocked:
            for token in reversed(doc[max(0, j - 25) : j + 1]):
                if token.i in blocked or (token.text in SENTENCE_END and token.i < j) or "\n" in token.whitespace_:
                    break
                before.append(token)
            before.reverse()
    if before and before[-1].text in {":", ","}:
        for token in reversed(before):
            if is_speech_verb(token):
                subject = subject_of(token, blocked) or _nearby_noun(before, token)
                if subject is not None:
                    return Cue(token, subject, token.text, "before"), before[-1].text == ":"
        subject = according_to(doc, before[0].i, before[-1].i + 1, blocked)
        if subject is not None:
            return Cue(None, subject, "according to", "according"), False
        if before[-1].text == ":":  # 'Martell, the addictions doctor, is more blunt: "…"'
            for token in before:
                if token.dep_ in SUBJECT_DEPS and (token.pos_ == "PROPN" or token.lower_ in {"he", "she"}):
                    return Cue(None, token, ":", "before"), False
    return None, False


def _nearby_noun(window: list[Token], verb: Token) -> Token | None:
    """Parse fallback: a name or pronoun just before the verb, else a noun just after it."""
    for token in reversed(window):
        if token.i < verb.i and (token.pos_ == "PROPN" or token.lower_ in {"he", "she", "they"}):
            return None if token.ent_type_ in {"DATE", "TIME"} else token
    for token in window:
        if token.i > verb.i and token.pos_ in {"PROPN", "PRON", "NOUN"}:
            return token
    return None
