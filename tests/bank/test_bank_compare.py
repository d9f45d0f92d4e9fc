"""Diffs between versions and near-duplicate detection."""

from __future__ import annotations

from quizzes.bank.compare import (
    Candidate,
    changed_fields,
    choices_diff,
    field_diffs,
    gist,
    near_duplicates,
    similarity,
    text_diff,
)


def test_changed_fields_lists_only_what_differs():
    before = {"prompt": "A", "truth": True, "difficulty": None}
    after = {"prompt": "B", "truth": True, "difficulty": 2}
    assert changed_fields(before, after, ["prompt", "truth", "difficulty"]) == {
        "prompt": ["A", "B"],
        "difficulty": [None, 2],
    }


def test_text_diff_marks_deleted_and_inserted_words():
    parts = text_diff("Most of it is in Brazil.", "Most of it lies in Brazil today.")
    assert [(p.op, p.text) for p in parts if p.op != "equal"] == [
        ("delete", "is"),
        ("insert", "lies"),
        ("insert", " today"),
    ]
    assert "".join(p.text for p in parts if p.op != "delete") == "Most of it lies in Brazil today."


def test_choices_diff_follows_choices_by_id():
    before = [
        {"id": "a", "text": "Brazil", "correct": True},
        {"id": "b", "text": "Peru", "correct": False},
        {"id": "c", "text": "Chile", "correct": False},
    ]
    after = [
        {"id": "b", "text": "Peru", "correct": False},
        {"id": "a", "text": "Brazil", "correct": True},
        {"id": "d", "text": "Bolivia", "correct": False},
    ]
    changes = {c.id: c for c in choices_diff(before, after)}
    assert changes["a"].status == "same"
    assert changes["a"].moved
    assert changes["c"].status == "removed"
    assert changes["d"].status == "added"
    reworded = choices_diff(before, [{"id": "b", "text": "Ecuador", "correct": True}])
    assert reworded[0].status == "changed"
    assert (reworded[0].correct_before, reworded[0].correct_after) == (False, True)


def test_field_diffs_show_lists_and_values():
    diffs = {
        d.field: d
        for d in field_diffs(
            {"accepted": [["Brazil"], ["Brazil", "Brasil"]], "truth": [None, False]}
        )
    }
    assert diffs["accepted"].added == ("Brasil",)
    assert (diffs["truth"].before, diffs["truth"].after) == ("—", "False")


def test_gist_fills_the_blank():
    assert gist("Most of it is in _____.", "Brazil") == "Most of it is in Brazil."
    assert gist("Who leads it?", "Kim") == "Who leads it? Kim"
    assert gist("Which answer fills the blank? It is in _____.", "Brazil") == "It is in Brazil."
    assert gist("Fill in the blank: It is in _____.", "Brazil") == "It is in Brazil."


def test_similarity_ignores_case_and_punctuation_and_rewards_order():
    assert similarity("Most of it is in Brazil.", "most of it is in brazil") == 1.0
    assert similarity("Most of it is in Brazil.", "Peru grows coffee beans.") == 0.0
    assert (
        0.8
        <= similarity(
            "The majority of the forest is contained within Brazil.",
            "The majority of the forest lies within Brazil.",
        )
        < 1.0
    )


def test_near_duplicates_are_sorted_most_alike_first():
    candidates = [
        Candidate(1, "Peru grows coffee."),
        Candidate(2, "The majority of the forest lies within Brazil."),
        Candidate(3, "The majority of the forest is contained within Brazil."),
    ]
    hits = near_duplicates("The majority of the forest is contained within Brazil!", candidates)
    assert [c.id for c, _ in hits] == [3, 2]
