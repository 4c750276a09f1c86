"""Cue verbs whose subject the parser lost or misplaced: the fallbacks of quotes_cues (real model)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.test_quotes import find, quotes_of

PEOPLE = {
    "Ana Pruitt": ("PERSON", ["Ana Pruitt", "Pruitt"]),
    "Omar Haddad": ("PERSON", ["Omar Haddad", "Haddad"]),
    "Ilse Varga": ("PERSON", ["Ilse Varga", "Varga"]),
    "Mara Lind": ("PERSON", ["Mara Lind", "Lind"]),
    "Dana Kowal": ("PERSON", ["Dana Kowal", "Kowal"]),
    "Stone Garden": ("ORG", ["Stone Garden"]),
}


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "words", "speaker"),
    [
        # a participle the parser hung on the reported clause: the outer speaker insists
        ("Chair Ana Pruitt has said the board will hold the fee at $40 a month, insisting the school cannot "
         "afford to lose more families.", "the school cannot afford", "Ana Pruitt"),
        ("Ana Pruitt argued that the ruling hurt the smaller bakeries, noting the council rarely meets them.",
         "the council rarely meets them", "Ana Pruitt"),
        # the clause before the verb taken for its complement: its person subject speaks
        ("Omar Haddad, who drove a taxi for a decade, ran a small shop and retired in 2019, said the street has "
         "\u201ca memory of its own.\u201d", "a memory of its own", "Omar Haddad"),
        # two subjects: the name, not the title before it
        ("Then-minister of transport Dana Kowal said the railway was \u201cbadly in need of repair.\u201d",
         "badly in need of repair", "Dana Kowal"),
        # a sentence split at an abbreviation: the verbless piece before it names the speaker
        ("Ilse Varga, who shed 12 lbs. \u201cand two bad habits\u201d last year, says the club keeps her honest.",
         "the club keeps her honest", "Ilse Varga"),
        ("Coach Mara Lind runs the club, Lind says. Ilse Varga, who shed 12 lbs. \u201cand two bad habits\u201d "
         "last year, says the club keeps her honest. \u201cI sleep better than I have in years,\u201d she says.",
         "I sleep better", "Ilse Varga"),
    ],
)
def test_misparsed_cue_subjects(nlp: Language, text: str, words: str, speaker: str) -> None:
    assert find(quotes_of(nlp, text, PEOPLE), words).speaker == speaker


@pytest.mark.model
def test_a_possessed_age_is_a_speaker_not_a_date(nlp: Language) -> None:
    # 'six-year-old' is tagged a date; with 'my' before it, it is who speaks
    text = "We went to the toy shop on Saturday.\n\n\u201cI want the red one,\u201d says my six-year-old."
    quote = find(quotes_of(nlp, text, {}), "I want the red one")
    assert quote.speaker == "my six-year-old"


@pytest.mark.model
def test_a_written_work_is_no_speaker(nlp: Language) -> None:
    # 'co-wrote Stone Garden': the object of a verb that is no inverted cue names a book
    text = ("Dana Kowal spoke at the launch.\n\n\u201cWe planted every bed by hand,\u201d she says. \u201cIt "
            "took all summer.\u201d In 2010 Kowal co-wrote Stone Garden with two friends.")
    quote = find(quotes_of(nlp, text, PEOPLE), "It took all summer")
    assert quote.speaker == "Dana Kowal"
