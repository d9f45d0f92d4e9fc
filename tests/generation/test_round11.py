"""Generation, round 11 rules, on small texts of our own: a false statement may swap one
organisation named as such for another the article names, and a "Most read" or "See also"
block at the end of a page is furniture."""

from __future__ import annotations

from quizzes.generation.clean import clean_text
from quizzes.generation.pipeline import generate

LINER = """The loss of the Titanic

The steamship Titanic, the pride of the White Star Line, sank on 15 April 1912 after striking an \
iceberg in the North Atlantic. The ship had left Southampton on 10 April on her maiden voyage to \
New York. Her captain, Edward Smith, had planned to retire after the crossing. Lookouts saw the \
iceberg shortly before midnight, and the ship turned too late. Water poured into six of the \
forward compartments, and the bow began to sink. There were lifeboats for only about half of \
the people on board. The Carpathia, a liner of the Cunard Line, picked up about 700 survivors \
at dawn. Her captain, Arthur Rostron, had raced north through the ice for nearly four hours. \
Crowds gathered outside newspaper offices in London and New York as the lists of survivors \
arrived. A board of inquiry will meet in New York, and the British government has promised one \
of its own. Rules on lifeboats and on wireless watches are expected to change.
"""


def _statements(text: str) -> list:  # type: ignore[type-arg]
    generation = generate(text)
    drafts = [*generation.items, *(r.item for r in generation.rejected)]
    falsified = [d.false_variant for d in drafts if d.false_variant is not None]
    return falsified + [d for d in drafts if d.edit is not None]


def test_a_false_statement_may_swap_one_organisation_for_another() -> None:
    swaps = {d.edit[1:] for d in _statements(LINER) if d.edit and d.edit[0] == "swap"}
    assert ("White Star Line", "Cunard Line") in swaps or (
        "Cunard Line",
        "White Star Line",
    ) in swaps
    # Only names that say they are organisations, never a lone word of one.
    for original, replacement in swaps:
        if "Line" in original:
            assert len(replacement.split()) >= 2


def test_a_most_read_block_at_the_end_is_furniture() -> None:
    page = (
        "Mountain erupts\n\nMount St. Helens erupted on Sunday morning, sending a column of ash "
        "miles into the sky. Ash fell as far away as Spokane, and highways across eastern "
        "Washington were closed. Geologists had watched a bulge grow on the north flank for "
        "weeks, and many residents had been moved away from the mountain.\n\nMOST READ\n\n"
        "1. Ferry schedule changes start Monday\n\n2. Council approves new library hours\n\n"
        "SEE ALSO\n\n· Timeline: the mountain's reawakening\n"
    )
    document = clean_text(page)
    assert "library hours" not in document.text
    assert "Ferry schedule" not in document.text
    assert "Geologists had watched a bulge" in document.text
