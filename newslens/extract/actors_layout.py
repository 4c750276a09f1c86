"""Type evidence from where a name stands: datelines and sports results.

Wire copy opens with a dateline ("BRUSSELS 1996-08-31", "LONDON (Reuters) -"): that name is a
place. Results and tables ("Somerset 83 and 174", "CHICAGO 5 Houston 3", "Leicestershire beat
Somerset") name teams, which are organisations even when named after a city or county
(national teams named after countries stay states). The model gets both wrong in
space-tokenised, capitalised wire text; these votes outweigh a single model label.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Doc

from newslens.extract.actors_spans import FAC_WORDS, ORG_WORDS, ROLE_WORDS, TITLES

_SCORE = re.compile(r"^\d{1,3}(?:-\d{1,3})?$")  # 83, 108-3, 2-1 (not 19.92, not 1996-08-30)
_DATE = re.compile(r"^(?:\d{4}-\d\d-\d\d|\d{1,2}/\d{1,2}(?:/\d{2,4})?)\b")
_SLOT_BEFORE = frozenset({",", ";", ":", "(", "-", "–", "—"})
# verbs whose subject/object is a team in a match report
TEAM_VERBS = frozenset(
    """
    beat defeat draw lose win host trail edge thrash rout overcome outscore sweep whip hammer
    crush topple upset blank shut down hold tie
    """.split()
)
_MONTHS = frozenset(
    "jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june "
    "july august september october november december".split()
)


def _line_start(doc: Doc, i: int) -> bool:
    return i == 0 or doc[i - 1].is_space and "\n" in doc[i - 1].text or "\n" in doc[i - 1].whitespace_


def is_dateline(doc: Doc, start: int, end: int) -> bool:
    """An ALL-CAPS name opening a line, followed by a date or "(Agency)" / a dash."""
    if not _line_start(doc, start) or end >= len(doc) or not doc[start:end].text.isupper():
        return False
    after = doc[end]
    if _DATE.match("".join(t.text for t in doc[end : end + 5]).split(" ")[0]):
        return True  # spaCy splits 1996-08-31 into pieces: look at the raw text
    if after.lower_.rstrip(".") in _MONTHS:
        return True
    if after.text == "," and end + 1 < len(doc) and doc[end + 1].lower_.rstrip(".") in _MONTHS:
        return True
    return after.text == "(" or after.text in {"-", "--", "—", "–"}


def is_team_slot(doc: Doc, start: int, end: int) -> bool:
    """A name followed by a score in a results line, or the subject/object of "beat" & co."""
    if end < len(doc) and _SCORE.match(doc[end].text):
        before = doc[start - 1] if start > 0 else None
        if (
            before is None
            or _line_start(doc, start)
            or before.text in _SLOT_BEFORE
            or _SCORE.match(before.text)
            or before.lower_ in {"v", "vs", "vs.", "and", "beat", "drew", "with"}
        ):
            return True
    if (
        end + 1 < len(doc)
        and doc[end].text in {"AT", "at", "v", "vs", "vs."}
        and doc[start:end].text.isupper()
    ):
        return _line_start(doc, start)  # schedule rows: "CHICAGO AT TORONTO"
    root = doc[start:end].root
    if root.dep_ in {"nsubj", "dobj", "pobj"}:
        verb = root.head if root.dep_ != "pobj" else root.head.head
        return verb.pos_ == "VERB" and verb.lemma_.lower() in TEAM_VERBS
    return False


def score_row_names(doc: Doc, taken: list[bool]) -> list[tuple[int, int]]:
    """Untagged names in results rows: "LG 2 OB 0", "Haitai 64 2 43 .596 -" (a capitalised word
    or two opening a line, then at least two numbers, nothing but numbers and names)."""
    out: list[tuple[int, int]] = []
    i, n = 0, len(doc)
    while i < n:
        if not _line_start(doc, i):
            i += 1
            continue
        j = i
        row: list[tuple[int, int]] = []
        numbers = 0
        while j < n and not doc[j].is_space:
            k = j
            while k < n and k - j < 3 and doc[k].is_alpha and doc[k].text[:1].isupper():
                k += 1
            if k > j:
                row.append((j, k))
                j = k
            elif _SCORE.match(doc[j].text) or doc[j].like_num or doc[j].text in {"-", ".", "1/2"}:
                numbers += 1
                j += 1
            else:
                row = []
                break
        if row and numbers >= 2 and len(row) <= 2:
            out.extend(span for span in row if not any(taken[span[0] : span[1]]))
        i = max(j, i + 1)
    return out


_INITIAL = re.compile(r"^[A-Z]\.$")


def _title_run(doc: Doc, i: int, limit: int = 3) -> int:
    """End of a run of Title-case words starting at i (at most `limit` words)."""
    j = i
    while j < len(doc) and j - i < limit and doc[j].is_alpha and doc[j].text[:1].isupper():
        if doc[j].text.isupper() and len(doc[j]) > 1:
            break  # ALL-CAPS words are acronyms or headlines, not this pattern
        j += 1
    return j


def person_shapes(doc: Doc, taken: list[bool], is_country: Callable[[str], bool]) -> list[tuple[int, int]]:
    """Untagged names whose shape says person: "C. Lewis" (initial + surname), and results
    rows "Ann Vale ( U.S. ) beat ...", "Tom Reyes 68 70 69" (two or three Title-case
    words before a bracketed country or a line of scores)."""
    out: list[tuple[int, int]] = []
    n = len(doc)
    i = 0
    while i < n:
        if taken[i]:
            i += 1
            continue
        token = doc[i]
        if _INITIAL.match(token.text) and i + 1 < n and not taken[i + 1]:
            end = _title_run(doc, i + 1, 2)
            if end > i + 1:
                out.append((i, end))
                i = end
                continue
        end = _title_run(doc, i)
        if end - i >= 2 and not any(taken[i:end]) and end < n:
            after = doc[end]
            bracket = (
                after.text == "("
                and end + 2 < n
                and doc[end + 2].text == ")"
                and is_country(doc[end + 1].text)
            )
            scores = (
                _line_start(doc, i)
                and end + 1 < n
                and _SCORE.match(after.text) is not None
                and _SCORE.match(doc[end + 1].text) is not None
            )
            if bracket or scores:
                out.append((i, end))
                i = end
                continue
        i += 1
    return out


def role_before(doc: Doc, start: int, end: int) -> bool:
    """A personal name shape right after a role noun: "economist Philip Cross", "MaRS
    director Adam Jagelewski" (the model sometimes calls these organisations)."""
    if start == 0 or not 2 <= end - start <= 3:
        return False
    words = [t for t in doc[start:end]]
    if not all(t.is_alpha and t.text[:1].isupper() and not t.text.isupper() for t in words):
        return False
    if words[-1].lower_ in ORG_WORDS or words[-1].lower_ in FAC_WORDS:
        return False
    before = doc[start - 1]
    return before.lower_ in ROLE_WORDS and (before.text.islower() or before.lower_ in TITLES)


def in_place_list(doc: Doc, start: int, end: int) -> bool:
    """A one-word name coordinated with places: "in Moose Jaw and Estevan"."""
    if end - start != 1:
        return False
    token = doc[start]
    others = [token.head] if token.dep_ == "conj" else []
    others += [child for child in token.children if child.dep_ == "conj"]
    return any(other.ent_type_ in {"GPE", "LOC"} for other in others if other.i != token.i)
