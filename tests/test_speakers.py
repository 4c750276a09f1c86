"""Speaker phrases -> canonical actors: the resolution rules of speakers.py (real model)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.test_quotes import find, quotes_of

PEOPLE = {
    "Rhea Moss": ("PERSON", ["Rhea Moss", "Moss"]),
    "Kelvin Dray": ("PERSON", ["Kelvin Dray", "Dray"]),
    "Fenwick Institute": ("ORG", ["Fenwick Institute"]),
    "Norvia": ("ORG", ["Norvia"]),
}


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "words", "speaker"),
    [
        # 'X wrote in a report': the report speaks for its author, not for whom it was written
        ("Rhea Moss, who studies housing, wrote in a study for the Fenwick Institute that rents rose too fast.\n\n"
         "Rents in the region doubled in five years, the study said.", "Rents in the region doubled", "Rhea Moss"),
        ("Engineer Kelvin Dray explained in a blog post on Tuesday that the outage began at a data centre.\n\n"
         "\u201cTwo of the backup links failed as well,\u201d the post read.", "Two of the backup links", "Kelvin Dray"),
        # ... and an organisation that speaks in a statement keeps it
        ("Norvia said in a statement that the outage was over.\n\n\u201cAll services are back,\u201d the statement "
         "said.", "All services are back", "Norvia"),
    ],
)
def test_documents_speak_for_their_author(nlp: Language, text: str, words: str, speaker: str) -> None:
    assert find(quotes_of(nlp, text, PEOPLE), words).speaker == speaker


@pytest.mark.model
def test_a_name_in_the_role_phrase_beats_the_title_holder(nlp: Language) -> None:
    # 'minister' was Ada Brant's title earlier; the phrase itself names someone else
    table = {"Ada Brant": ("PERSON", ["Ada Brant"]), "Ravinder Gill": ("PERSON", ["Ravinder Gill"])}
    text = ("Former prime minister Ada Brant was blamed for the delays.\n\n"
            "On a spring visit to a rural clinic near the border, then-minister of health Ravinder Gill said the "
            "service was \u201cstretched thin.\u201d")
    assert find(quotes_of(nlp, text, table), "stretched thin").speaker == "Ravinder Gill"
    # ... but a name right after a preposition is someone else: who the spokeswoman speaks for
    table["Jo Pike"] = ("PERSON", ["Jo Pike"])
    text = ("Spokeswoman Jo Pike declined to comment on Monday.\n\n"
            "A spokeswoman for Ravinder Gill says the minister never saw the report.")
    assert find(quotes_of(nlp, text, table), "never saw the report").speaker != "Ravinder Gill"


@pytest.mark.model
def test_a_whole_quantified_phrase_is_the_speaker(nlp: Language) -> None:
    text = "The ferry strike entered its third week.\n\nAll those affected say the dispute cannot be settled quickly."
    assert find(quotes_of(nlp, text, {}), "the dispute cannot be settled").speaker == "All those affected"


@pytest.mark.model
def test_a_shared_surname_goes_to_the_person_introduced_first(nlp: Language) -> None:
    # the actor step gave the later 'Vell' to the nearest full name; the story is about Rosa Vell
    table = {"Rosa Vell": ("PERSON", ["Rosa Vell"]), "Theo Vell": ("PERSON", ["Theo Vell", "Vell"])}
    # (a recipe line with no full stop, as in the ingredient lists of food stories)
    text = ("Rosa Vell has written twelve cookbooks.\n\nShe cooked with her husband Theo Vell on Monday.\n\n"
            "Vell says the sauce keeps well for a week in the fridge for the meatballs\n\n1 cup rice")
    assert find(quotes_of(nlp, text, table), "the sauce keeps well").speaker == "Rosa Vell"


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "words", "speaker"),
    [
        # 'they' after a plural subject of its own sentence: that group, as written
        ("Many local farmers are tired of waiting, and they say the new rules came far too late.",
         "the new rules came", "Many local farmers"),
        # ... else the organisation named before
        ("Norvia closed two plants last year.\n\nOn Monday they said the cuts were final.", "the cuts were final",
         "Norvia"),
    ],
)
def test_they_points_back_to_a_group(nlp: Language, text: str, words: str, speaker: str) -> None:
    quote = find(quotes_of(nlp, text, PEOPLE), words)
    assert quote.speaker == speaker
    assert quote.speaker_mention is not None and quote.speaker_mention.text == "they"
