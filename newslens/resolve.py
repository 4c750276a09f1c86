"""Actors across the corpus: link partial person names to the one full name they stand for.

Within an article the extractor already merges "Stoltenberg" into "Jens Stoltenberg". An
article that only ever says "Stoltenberg" yields an actor of its own; if exactly one full-name
person in the corpus ends with that surname, the partial actor is linked to it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable


def link_partial_names(people: Iterable[tuple[str, str, int]]) -> dict[str, str]:
    """Map partial-name person ids to full-name person ids.

    `people` holds (actor id, name, mentions). A one-word name links to the full name whose
    last word it is, when exactly one full name qualifies, or when one such name has at least
    three times the mentions of every other (the obvious referent in a news corpus). First
    names alone are not linked: across a corpus "Boris" is too often someone else.
    """
    people = list(people)
    full_by_word: dict[str, dict[str, int]] = defaultdict(dict)
    for actor_id, name, mentions in people:
        words = name.split()
        if len(words) >= 2:
            full_by_word[words[-1].casefold()][actor_id] = mentions
    links: dict[str, str] = {}
    for actor_id, name, _ in people:
        words = name.split()
        if len(words) != 1:
            continue
        candidates = full_by_word.get(words[0].casefold(), {})
        if not candidates:
            continue
        ranked = sorted(candidates.items(), key=lambda item: -item[1])
        if len(ranked) == 1 or ranked[0][1] >= 3 * ranked[1][1]:
            if ranked[0][0] != actor_id:
                links[actor_id] = ranked[0][0]
    return links
