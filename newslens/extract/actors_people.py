"""People within one article: short name forms and role nouns -> the full name they stand for.

"Stoltenberg", "Jens", "J. Stoltenberg" -> "Jens Stoltenberg"; "alliance head" and later "the
secretary general" -> the person they were attached to in the parse.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc, Token

from newslens.extract.actors_spans import PARTICLES, ROLE_WORDS
from newslens.extract.aliases import actor_id

_INITIAL = re.compile(r"^[A-Z]\.?$|^[A-Z]\.[A-Z]\.?$")
# lower-case words that make a role noun phrase ("the secretary general", "the spokesperson")
_ROLE_STOP = frozenset({"the", "a", "an", "of", "and", "'s", "’s", "former", "then", "new"})
_ROLE_DEPS = frozenset({"compound", "amod", "nmod", "appos", "npadvmod"})


def name_words(doc: Doc, start: int, end: int) -> list[str]:
    """Comparison forms of the words of a name (punctuation tokens dropped)."""
    return [actor_id(t.text) for t in doc[start:end] if not t.is_punct and actor_id(t.text)]


def is_initial(word: str) -> bool:
    return bool(_INITIAL.match(word))


def link_short_form(
    words: Sequence[str],
    position: int,
    full_names: dict[str, tuple[list[str], int]],
) -> str | None:
    """The full name a short form stands for, or None.

    `full_names`: key -> (name words, token position of its first mention). A surname match
    beats a first-name match; among several, the nearest full name mentioned before wins.
    `words` are the short form's original tokens (initials keep their capital).
    """
    folded = [actor_id(w) for w in words]
    if not folded or not all(folded):
        return None
    matches: list[tuple[int, str, int]] = []  # (rank, key, first position)
    for key, (full, first) in full_names.items():
        if len(full) < len(folded) or folded == full:
            continue
        if len(folded) == 1 and len(full) > 1:
            if folded[0] == full[-1]:
                matches.append((0, key, first))
            elif folded[0] == full[0] and full[0] not in PARTICLES:
                matches.append((1, key, first))
        elif len(folded) < len(full) and full[-len(folded) :] == folded:
            matches.append((0, key, first))  # "van Koeverden" -> "Adam van Koeverden"
        elif (
            folded[-1] == full[-1]
            and any(is_initial(w) for w in words[:-1])
            and all(
                f.startswith(actor_id(w)[:1]) and (is_initial(w) or actor_id(w) == f)
                for w, f in zip(words[:-1], full, strict=False)
            )
            and not all(is_initial(w) for w in full[:-1])
        ):
            matches.append((0, key, first))  # "C. Lewis" -> "Chris Lewis"
    if not matches:
        return None
    best_rank = min(rank for rank, _, _ in matches)
    matches = [m for m in matches if m[0] == best_rank]
    before = [m for m in matches if m[2] <= position]
    if before:
        return max(before, key=lambda m: m[2])[1]
    return min(matches, key=lambda m: m[2])[1]


# single role nouns good enough to stand for a person on their own ("the president")
ROLE_NOUNS = frozenset(
    """
    president spokesperson spokesman spokeswoman minister chancellor premier governor mayor
    senator chairman chairwoman ceo coach ambassador secretary commissioner prosecutor pope
    king queen prince princess manager captain director chief founder leader general
    """.split()
)
_HYPHENS = frozenset({"-", "‐"})


def _role_tokens(doc: Doc, start: int, end: int, taken: Sequence[bool]) -> tuple[list[Token], bool]:
    """Words of the role attached to a name and whether they come after it (apposition):
    "alliance head Jens Stoltenberg", "Chinese Foreign Ministry spokesperson Wang Wenbin",
    "NATO Secretary-General Jens Stoltenberg", "Jens Stoltenberg, the secretary general of NATO".
    Tokens of other mentions (NATO, Chinese) end the role."""
    role: list[Token] = []
    i = start - 1
    while i >= 0 and not taken[i]:
        token = doc[i]
        if token.text in _HYPHENS and role:
            role.insert(0, token)
        elif (
            token.is_punct
            or token.dep_ not in _ROLE_DEPS
            or token.pos_ not in {"NOUN", "PROPN", "ADJ"}
            or not start - 1 <= token.head.i < end
            and token.head not in role
        ):
            break
        else:
            role.insert(0, token)
        i -= 1
    while role and role[0].text in _HYPHENS:
        role.pop(0)
    if role:
        # the word next to the name must name a role ("refugee family X" is not X)
        return (role, False) if role[-1].lower_ in ROLE_WORDS else ([], False)
    head = doc[start:end].root
    for child in head.children:
        if child.dep_ == "appos" and child.i >= end and child.pos_ == "NOUN" and not taken[child.i]:
            if child.lower_ not in ROLE_WORDS:
                continue
            words = [t for t in child.lefts if t.dep_ in {"det", "compound", "amod"} and not taken[t.i]]
            return [*words, child], True
    return [], False


def role_keys(
    doc: Doc, start: int, end: int, taken: Sequence[bool]
) -> tuple[list[str], tuple[int, int] | None]:
    """(role phrases to look for later, span of a lower-case role mention here or None)."""
    tokens, after = _role_tokens(doc, start, end, taken)
    words = [t for t in tokens if t.pos_ != "DET"]
    if not words:
        return [], None
    phrase = " ".join(t.lower_ for t in words).replace("-", " ").replace("‐", " ").split()
    if not phrase:
        return [], None
    keys = [" ".join(phrase[-n:]) for n in range(len(phrase), 1, -1)]
    if phrase[-1] in ROLE_NOUNS:
        keys.append(phrase[-1])
    # only lower-case words become a mention (capitalised titles would count as names)
    lower = list(tokens)
    while lower and not lower[0].text.islower():
        lower.pop(0)
    if not lower or not all(t.text.islower() or t.text in _HYPHENS for t in lower):
        return keys, None
    if lower[0].pos_ == "DET" and len(lower) == 1:
        return keys, None
    return keys, (lower[0].i, lower[-1].i + 1) if after or lower[-1].i == start - 1 else None


def find_role_mentions(
    doc: Doc, roles: dict[str, list[tuple[int, str]]], taken: Sequence[bool]
) -> list[tuple[int, int, str]]:
    """Later "the <role>" noun phrases -> (start, end, person key) for the nearest earlier person
    that carried this role. `roles`: phrase -> [(position, person key)]."""
    if not roles:
        return []
    longest = max(len(r.split()) for r in roles)
    out = []
    i = 0
    n = len(doc)
    while i < n:
        token = doc[i]
        if token.lower_ != "the" or taken[i]:
            i += 1
            continue
        found = None
        for length in range(min(longest, n - i - 1), 0, -1):
            words = doc[i + 1 : i + 1 + length]
            if any(taken[t.i] or not t.text.islower() for t in words):
                continue
            phrase = " ".join(t.lower_.replace("-", " ") for t in words)
            phrase = " ".join(phrase.split())
            if phrase in roles:
                nxt = doc[i + 1 + length] if i + 1 + length < n else None
                if nxt is not None and nxt.pos_ in {"NOUN", "PROPN"} and nxt.dep_ == "compound":
                    continue  # "the alliance leaders" is not "the alliance" leader
                earlier = [(pos, key) for pos, key in roles[phrase] if pos < i]
                carriers = {key for _, key in roles[phrase]}
                if earlier:
                    found = (i, i + 1 + length, max(earlier)[1])
                elif len(carriers) == 1:  # introduced later, but only one person has it
                    found = (i, i + 1 + length, carriers.pop())
                if found:
                    break
        if found:
            out.append(found)
            i = found[1]
        else:
            i += 1
    return out
