"""Who a speaker phrase refers to: subject token -> one of the article's canonical actors.

Rule-based (no neural coreference offline): entity mentions under the phrase; surnames ->
the full name ("Smith" -> "John Smith", also from the model's own PERSON spans when the actor
list lacks them); pronouns and definite roles ("she", "the coach") -> the nearest compatible
earlier person, preferring one that was a subject or a speaker; titles ("the secretary
general") -> the person they were attached to; documents ("the statement") -> their issuer;
groups ("the leaders", "NATO leaders") -> the organisation named with them.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from newslens.extract.quotes_cues import SUBJECT_DEPS, is_speech_verb, tokens_with
from newslens.extract.speakers_people import PERSON_PRONOUNS, TITLE_WORDS, People
from newslens.models import Entity, Mention

GROUP_PRONOUNS = frozenset({"it", "they", "them"})
FIRST_PERSON = frozenset({"i", "me", "we", "us", "you", "one"})
QUANTIFIERS = frozenset({"some", "many", "others", "several", "few", "most", "those", "both", "all",
                         "everyone", "everybody", "someone", "somebody", "anyone", "anybody", "nobody"})
DOCUMENT_NOUNS = frozenset(
    """statement report communique communiqué release letter declaration memo document study survey
    poll filing complaint lawsuit ruling tweet post email notice order affidavit book article column
    essay blog memoir""".split()
)
# what figures come from: "Statistics Canada's numbers", "a database of Infrastructure Canada"
EVIDENCE_NOUNS = frozenset(
    "database number figure data statistic record estimate analysis research finding result website".split()
)
# singular nouns for a person's role: "the coach said" points back to a person
ROLE_NOUNS = frozenset(
    """spokesperson spokesman spokeswoman minister president premier chief director ceo coach
    player winger wing forward defenceman defenseman goaltender goalie captain mayor senator
    lawyer attorney doctor physician professor officer commissioner chair chairman chairwoman
    founder owner manager head leader secretary general executive candidate judge author
    researcher scientist analyst economist expert teacher student mother father son daughter
    wife husband woman man veteran councillor councilor mp mla governor ambassador envoy
    official victim witness suspect accused prosecutor counsel agent pastor priest
    superintendent sergeant constable inspector deputy spokesperson host singer actor
    artist chef farmer resident labourer laborer worker retiree accountant nurse engineer employee
    volunteer activist advocate historian organizer organiser pollster strategist landlord tenant
    golfer athlete grandmother grandfather""".split()
)
GROUP_NOUNS = frozenset(
    """leader official ally member government ministry spokesman spokeswoman spokesperson
    representative delegate diplomat authority alliance administration agency department
    organization organisation company firm group party campaign team council committee board
    police""".split()
)
ORG_NOUNS = frozenset(
    """company firm agency group union organization organisation department ministry government
    council board team party campaign university school hospital bank club association
    federation network service newspaper paper airline court commission institute centre center
    authority city province state""".split()
)
_GENERIC_ORG_NOUNS = frozenset({"company", "firm", "agency", "group", "organization", "organisation"})
_MOD_DEPS = frozenset({"compound", "amod", "det", "predet", "poss", "nmod", "case", "nummod", "punct", "flat", "quantmod"})


@dataclass(frozen=True)
class Resolution:
    """A speaker: the canonical entity when one is known, else the surface name."""

    name: str | None
    entity: Entity | None
    mention: Mention | None
    how: str  # name | surname | pronoun | role | document | group | surface


def core_span(token: Token) -> tuple[int, int]:
    """Token range of `token`'s noun phrase without relative clauses, appositions and PPs."""
    left = token.i
    for child in token.lefts:
        if child.dep_ in _MOD_DEPS:
            left = min(left, child.left_edge.i)
    right = token.i
    for child in token.rights:
        if child.dep_ in {"compound", "flat", "nummod"} or (child.dep_ == "case" and child.i == token.i + 1):
            right = max(right, child.right_edge.i)
    doc = token.doc
    for i in range(token.i - 1, left - 1, -1):  # a phrase never spans a line break
        if "\n" in doc[i].text or "\n" in doc[i].whitespace_:
            left = i + 1
            break
    while left < token.i and (doc[left].is_punct or doc[left].is_space):
        left += 1
    return left, right + 1


def surface_span(token: Token) -> tuple[int, int]:
    """The whole phrase, as an unnamed speaker is best shown: 'an official with the agency',
    'sources familiar with the talks' (up to a comma, never past the line)."""
    a, _ = core_span(token)
    doc = token.doc
    b = token.i + 1
    for t in doc[token.i + 1 : token.right_edge.i + 1]:
        if (
            t.text in {",", "(", "\u2014", "\u2013"}
            or t.dep_ in {"relcl", "cc", "conj"}
            or t.lower_ in {"who", "which", "that", "but"}
            # "Russia's foreign minister openly and ... said": the adverb is the verb's
            or (t.pos_ == "ADV" and t.lower_.endswith("ly"))
        ):
            break
        b = t.i + 1
        if "\n" in t.whitespace_:
            break
    while b > token.i + 1 and (doc[b - 1].is_punct or doc[b - 1].dep_ in {"cc", "prep", "aux"} or doc[b - 1].lower_ == "to"):
        b -= 1
    return a, b


def name_span(token: Token) -> tuple[int, int]:
    """The bare name of a proper-noun head: its compounds, without possessors and titles."""
    a, b = core_span(token)
    doc = token.doc
    for i in range(token.i - 1, a - 1, -1):
        if doc[i].dep_ == "case" or doc[i].pos_ != "PROPN":
            a = i + 1
            break
    while a < token.i and doc[a].lower_.strip(".") in TITLE_WORDS:
        a += 1
    return a, b


class SpeakerResolver:
    """Resolves speaker phrases of one Doc against its entities; build once per article.

    Call `resolve` in text order: resolved speakers become antecedents for later pronouns.
    """

    def __init__(
        self,
        doc: Doc,
        entities: Sequence[Entity],
        quoted: Sequence[tuple[int, int]] = (),
        text: str | None = None,
        headings: Sequence[tuple[int, int]] = (),
        paragraph_starts: Sequence[int] = (),
    ) -> None:
        self.doc = doc
        self.text = text if text is not None else doc.text  # Doc.text re-joins tokens on each access
        self.entities = [e for e in entities if any(c.isalpha() for c in e.name)]
        self.people = People(doc, self.entities, quoted, self.text, headings, paragraph_starts)
        spans = sorted(((m.start, m.end, e) for e in self.entities for m in e.mentions), key=lambda x: x[0])
        self._spans = spans
        self._starts = [s for s, _, _ in spans]
        self._issuers = self._document_issuers()

    # ---------------------------------------------------------------- lookups
    def entities_in(self, start: int, end: int) -> list[tuple[Mention, Entity]]:
        """Entity mentions overlapping [start, end), in text order."""
        hi = bisect.bisect_left(self._starts, end)
        out = []
        for s, e, entity in self._spans[max(0, hi - 200) : hi]:  # mentions are short
            if e > start:
                out.append((Mention(s, e, self.text[s:e]), entity))
        return out

    def canonical(self, entity: Entity) -> Entity:
        return self.people.canonical(entity)

    def _entity_under(self, token: Token) -> Entity | None:
        left, right = token.left_edge, token.right_edge
        found = self.entities_in(left.idx, right.idx + len(right))
        for wanted in ("PERSON", "ORG", "GPE", "NORP"):
            for _, entity in found:
                if entity.type == wanted:
                    return self.canonical(entity)
        return None

    def _document_issuers(self) -> list[tuple[int, str, Entity]]:
        """(offset, noun, issuer) for 'a statement released by the NATO allies', "NATO's statement"."""
        out = []
        for i in tokens_with(self.doc, "LEMMA", DOCUMENT_NOUNS):
            token = self.doc[i]
            if token.pos_ != "NOUN":
                continue
            author = self._author(token)
            if author is not None:  # 'Smith wrote in a blog post …', later 'the post said'
                out.append((token.idx, token.lemma_.lower(), author))
                continue
            for node in token.subtree:
                if node.dep_ in {"poss", "compound"} or (node.dep_ == "pobj" and node.head.lower_ in {"by", "from"}):
                    issuer = self._entity_under(node)
                    if issuer is not None:
                        out.append((token.idx, token.lemma_.lower(), issuer))
                        break
        return out

    def _author(self, noun: Token) -> Entity | None:
        """The named subject of a speech verb that speaks in this document: 'Jane Roe wrote in a
        report for the institute …', 'NATO said in a statement' -> Jane Roe, NATO."""
        prep = noun.head
        if noun.dep_ != "pobj" or prep.lower_ != "in" or not is_speech_verb(prep.head):
            return None
        subject = next((c for c in prep.head.children if c.dep_ in SUBJECT_DEPS), None)
        if subject is None or subject.pos_ != "PROPN":
            return None
        return self._entity_under(subject)

    # ---------------------------------------------------------------- resolution
    def resolve(self, token: Token) -> Resolution:
        """The speaker named by the subject phrase whose head is `token`."""
        result = self._resolve(token)
        if result.name and (result.entity is not None or (result.how == "surface" and token.pos_ == "PROPN")):
            self.people.note_speaker(token.idx, result.name, result.entity)
        return result

    def _resolve(self, token: Token) -> Resolution:
        doc = self.doc
        a, b = core_span(token)
        core = doc[a:b]
        mention = Mention(core.start_char, core.end_char, core.text)
        lower = token.lower_
        if lower in QUANTIFIERS:  # 'Some suggested …', 'many say': people, as written, never an organisation
            a, b = surface_span(token)
            phrase = Mention(doc[a].idx, doc[b - 1].idx + len(doc[b - 1]), doc[a:b].text)
            return Resolution(phrase.text, None, phrase, "surface")
        if token.pos_ == "PRON" or lower in PERSON_PRONOUNS or lower in GROUP_PRONOUNS:
            return self._pronoun(token, mention)
        person = self.people.at(core.start_char, core.end_char, prefer=token.idx)
        if person is not None and (person.start <= token.idx < person.end or token.pos_ == "PROPN"):
            found_at = Mention(person.start, person.end, self.text[person.start : person.end])
            return Resolution(person.name, person.entity, found_at, "name")
        found = self.entities_in(core.start_char, core.end_char)
        own = [(m, e) for m, e in found if m.start <= token.idx < m.end]  # the head's own mention
        lemma = token.lemma_.lower()
        if own:
            m, entity = own[0]
            entity = self.canonical(entity)
            if entity.type == "NORP" and doc[core.start].lower_ == "the" and token.tag_ == "NNP":
                role = self.people.titled(core, token) or self.people.antecedent(token, gender=None)
                if role is not None:  # 'the Kentucky Republican': a person, not the party
                    return Resolution(role.name, role.entity, mention, "role")
            if entity.type == "PERSON" and len(m.text.split()) == 1:  # a surname two people share
                entity = self.people.named(m.text)[1] or entity
            if entity.type != "PERSON" and (token.pos_ == "PROPN" or token.text.istitle()):  # a person typed otherwise
                _, person_entity = self.people.named(m.text)
                entity = person_entity if person_entity is not None and person_entity.type == "PERSON" else entity
            return Resolution(entity.name, entity, m, "name")
        for child in token.children:  # "the company's CEO, John Smith"
            if child.dep_ == "appos":
                person = self.people.at(child.left_edge.idx, child.right_edge.idx + len(child.right_edge))
                if person is not None:
                    return Resolution(person.name, person.entity, mention, "name")
        if token.pos_ == "PROPN" or (token.text.istitle() and self.people.named(token.text)[1] is not None):
            a, b = name_span(token)
            name, entity = self.people.named(doc[a:b].text)
            if entity is None and doc[core.start].lower_ == "the":  # "the Kentucky Republican"
                role = self.people.titled(core, token) or self.people.antecedent(token, gender=None)
                if role is not None:
                    return Resolution(role.name, role.entity, mention, "role")
            return Resolution(name, entity, mention, "surname" if entity else "surface")
        definite = any(c.dep_ in {"det", "poss"} and c.lower_ in {"the", "this", "that"} for c in token.lefts)
        if lemma in DOCUMENT_NOUNS:
            issuer = self._document_owner(token) or self._issuer_before(token, lemma)
            if issuer is not None:
                return Resolution(issuer.name, issuer, mention, "document")
        plural = token.tag_ in {"NNS", "NNPS"}
        if not plural and definite and lemma in ORG_NOUNS and not found:  # "the commission said"
            org = self._organisation_before(token.idx, lemma)
            if org is not None:
                return Resolution(org.name, org, mention, "group")
        if not plural and lemma in ROLE_NOUNS:
            # 'then-minister of transport Jane Roe said': the name in the phrase itself
            # beats whoever else held the title
            # (not 'a spokeswoman for Jane Roe': the name right after a preposition is someone else)
            a, b = surface_span(token)
            inner = self._named_inside(token, Mention(doc[a].idx, doc[b - 1].idx + len(doc[b - 1]), doc[a:b].text))
            person = self.people.at(doc[a].idx, doc[b - 1].idx + len(doc[b - 1]))
            name = doc.char_span(person.start, person.end, alignment_mode="expand") if person else None
            if inner is not None and inner.how == "role" and name is not None and doc[name.start - 1].pos_ != "ADP":
                return inner
            role = self.people.titled(core, token)
            if role is None and definite and not found:
                role = self.people.antecedent(token, gender=None)
            if role is not None:
                return Resolution(role.name, role.entity, mention, "role")
        if (lemma in GROUP_NOUNS or plural) and not found:
            group = self._group(token)
            if group is not None:
                return Resolution(group.name, group, mention, "group")
        a, b = surface_span(token)
        phrase = Mention(doc[a].idx, doc[b - 1].idx + len(doc[b - 1]), doc[a:b].text)
        inner = self._named_inside(token, phrase)
        if inner is not None:
            return inner
        return Resolution(phrase.text, None, phrase, "surface")

    def _named_inside(self, token: Token, phrase: Mention) -> Resolution | None:
        """'a ministry official named Tomas' -> Tomas; 'Transport Canada's records',
        'the latest figures from Statistics Canada' -> the organisation."""
        person = self.people.at(phrase.start, phrase.end)
        owner = person is not None and self.text[person.end : person.end + 2] in {"'s", "\u2019s"}
        if person is not None and token.lemma_.lower() in ROLE_NOUNS and not owner:  # not "Obama's strategist"
            return Resolution(person.name, person.entity, phrase, "role")
        if token.lemma_.lower() in EVIDENCE_NOUNS | DOCUMENT_NOUNS:
            owners = {e.id: e for _, e in self.entities_in(phrase.start, phrase.end) if e.type in {"ORG", "GPE"}}
            if len(owners) == 1:
                owner = self.canonical(next(iter(owners.values())))
                return Resolution(owner.name, owner, phrase, "document")
        return None

    def _issuer_before(self, token: Token, lemma: str) -> Entity | None:
        best = None
        for at, noun, issuer in self._issuers:
            if at > token.idx:
                break
            if noun == lemma:
                best = issuer
        return best

    def _document_owner(self, token: Token) -> Entity | None:
        """'her statement' -> the person 'her' is; 'the RCMP statement' -> RCMP."""
        for child in token.lefts:
            if child.dep_ == "poss" and child.lower_ in {"his", "her"}:
                person = self.people.antecedent(child, gender="m" if child.lower_ == "his" else "f")
                return person.entity if person is not None else None
            if child.dep_ in {"poss", "compound"}:
                entity = self._entity_under(child)
                if entity is not None:
                    return entity
        return None

    def _organisation_before(self, offset: int, noun: str) -> Entity | None:
        """The latest organisation named before whose name holds the noun ('the union' ->
        'Nova Scotia Government and General Employees Union'); for 'the company', 'the group'
        and the like, the latest organisation of this or the previous paragraph."""
        hi = bisect.bisect_left(self._starts, offset)
        for s, _, entity in reversed(self._spans[max(0, hi - 200) : hi]):
            if entity.type == "ORG" and noun in entity.name.lower().split() and not self.people.in_quote(s):
                return self.canonical(entity)
        if noun in _GENERIC_ORG_NOUNS:
            here = self.people.paragraph(offset)
            for s, _, entity in reversed(self._spans[max(0, hi - 200) : hi]):
                if here - self.people.paragraph(s) > 1:
                    break
                if entity.type == "ORG" and not self.people.in_quote(s):
                    return self.canonical(entity)
        return None

    def _group(self, token: Token) -> Entity | None:
        """'the leaders of NATO' -> NATO; 'the leaders' in a sentence about a NATO statement -> NATO.

        A group named with its organisation ("Surrey staff", "NATO leaders") stays as written.
        """
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in child.children:
                    entity = self._entity_under(pobj)
                    if entity is not None and entity.type != "PERSON":
                        return entity
        sent = token.sent
        for at, _, issuer in self._issuers:
            if sent.start_char <= at < sent.end_char:
                return issuer
        return None

    def _plural_subject_before(self, token: Token) -> Resolution | None:
        """'they' after a plural noun subject of its own sentence: that group, as written (or the
        organisation it belongs to), with the pronoun as the mention."""
        mention = Mention(token.idx, token.idx + len(token), token.text)
        for subject in reversed(token.sent[: token.i - token.sent.start]):
            if subject.dep_ not in {"nsubj", "nsubjpass"} or subject.tag_ not in {"NNS", "NNPS"}:
                continue
            if subject.head.dep_ not in {"ROOT", "conj"}:
                return None  # only a main clause's subject ('… to make public his tax returns' is none)
            if subject.pos_ == "PRON" or self.people.in_quote(subject.idx):
                return None
            resolved = self._resolve(subject)
            if resolved.name is None or resolved.how == "pronoun":
                return None
            return Resolution(resolved.name, resolved.entity, mention, resolved.how)
        return None

    def _pronoun(self, token: Token, mention: Mention) -> Resolution:
        lower = token.lower_
        if lower in FIRST_PERSON:
            return Resolution(None, None, mention, "pronoun")
        if lower in PERSON_PRONOUNS:
            person = self.people.antecedent(token, gender=PERSON_PRONOUNS[lower])
            if person is not None:
                return Resolution(person.name, person.entity, mention, "pronoun")
            return Resolution(None, None, mention, "pronoun")
        if lower not in GROUP_PRONOUNS:  # 'Who will say to me', 'this shows': nobody named speaks
            return Resolution(None, None, mention, "pronoun")
        if lower == "they":  # 'Senate Republicans are eager to move on, and they say …'
            group = self._plural_subject_before(token)
            if group is not None:
                return group
        # it / they: the nearest organisation or country named before
        hi = bisect.bisect_left(self._starts, token.idx)
        for s, _, entity in reversed(self._spans[max(0, hi - 200) : hi]):
            if entity.type in {"ORG", "GPE", "NORP"} and not self.people.in_quote(s):
                entity = self.canonical(entity)
                return Resolution(entity.name, entity, mention, "pronoun")
        if lower == "they":  # "they said": often a group of people named just before
            person = self.people.antecedent(token, gender=None)
            if person is not None:
                return Resolution(person.name, person.entity, mention, "pronoun")
        return Resolution(None, None, mention, "pronoun")

