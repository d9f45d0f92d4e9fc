"""Each validation rule of the bank, on its own, with the field it names."""

from __future__ import annotations

import pytest

from quizzes.bank.rules import clean_card, clean_question, correct_answer_text

ABC = [{"text": "Brazil", "correct": True}, {"text": "Peru"}, {"text": "Colombia"}]


def problems(type_, **content):
    content.setdefault("prompt", "Which country holds most of the rainforest?")
    _clean, found = clean_question(type_, **content)
    return [(p.field, p.message) for p in found]


def fields(type_, **content):
    return [f for f, _ in problems(type_, **content)]


def test_a_well_formed_question_of_each_type_passes():
    assert problems("mcq", choices=ABC) == []
    two_right = [
        {"text": "Brazil", "correct": True},
        {"text": "Peru", "correct": True},
        {"text": "Chile"},
    ]
    assert problems("mcq_multi", choices=two_right) == []
    assert problems("true_false", prompt="Peru holds 13% of it.", truth=False) == []
    assert problems("cloze", prompt="Most of it is in ___.", accepted=["Brazil"]) == []
    assert problems("short_answer", accepted=["Brazil"]) == []


@pytest.mark.parametrize("type_", ["mcq", "mcq_multi", "true_false", "cloze", "short_answer"])
def test_every_question_needs_a_prompt(type_):
    assert "prompt" in fields(type_, prompt="   ", choices=ABC, truth=True, accepted=["x"])


def test_an_unknown_type_is_named():
    assert fields("essay") == ["type"]


def test_an_mcq_needs_at_least_two_choices():
    found = problems("mcq", choices=[{"text": "Brazil", "correct": True}])
    assert ("choices", "A multiple-choice question needs at least two choices.") in found


def test_an_mcq_needs_exactly_one_correct_choice():
    none = problems("mcq", choices=[{"text": "Brazil"}, {"text": "Peru"}])
    assert ("choices", "Mark the correct choice.") in none
    two = problems(
        "mcq", choices=[{"text": "Brazil", "correct": True}, {"text": "Peru", "correct": True}]
    )
    assert any("exactly one correct choice (2 are marked)" in m for _, m in two)


def test_mcq_choices_must_be_distinct_as_answers_are_compared():
    found = problems(
        "mcq", choices=[{"text": "The U.S.", "correct": True}, {"text": "US"}, {"text": "Peru"}]
    )
    assert ("choices", "Choices 1 and 2 say the same thing (“US”).") in found


def test_an_empty_choice_is_named_by_its_number():
    found = problems("mcq", choices=[*ABC, {"text": "  "}])
    assert ("choices", "Choice 4 is empty: write it or remove it.") in found


def test_too_many_choices():
    many = [{"text": f"Option {i}", "correct": i == 0} for i in range(9)]
    assert any("at most 8 choices" in m for _, m in problems("mcq", choices=many))


def test_a_several_answer_question_needs_a_correct_and_a_wrong_choice():
    assert ("choices", "Mark at least one correct choice.") in problems(
        "mcq_multi", choices=[{"text": "a"}, {"text": "b"}]
    )
    all_right = problems(
        "mcq_multi", choices=[{"text": "a", "correct": True}, {"text": "b", "correct": True}]
    )
    assert any("Leave at least one choice wrong" in m for _, m in all_right)


def test_a_true_false_needs_a_truth_value_and_a_statement():
    assert fields("true_false", prompt="Peru holds 13% of it.", truth=None) == ["truth"]
    asked = problems("true_false", prompt="Does Peru hold 13% of it?", truth=True)
    assert (
        "prompt",
        "Write a statement, not a question: students judge it true or false.",
    ) in asked


def test_a_cloze_needs_a_blank():
    found = problems("cloze", prompt="Most of it is in Brazil.", accepted=["Brazil"])
    assert found[0][0] == "prompt"
    assert "Mark the blank with ___" in found[0][1]


def test_a_cloze_has_one_blank_only():
    found = problems("cloze", prompt="___ holds 60% and ___ holds 13%.", accepted=["Brazil"])
    assert ("prompt", "Use one blank per item; this text has 2.") in found


def test_a_cloze_needs_its_answer_and_must_not_show_it():
    assert ("accepted", "Give the answer that fills the blank.") in problems(
        "cloze", prompt="In ___."
    )
    leak = problems("cloze", prompt="Brazil: most of it is in ___.", accepted=["brazil"])
    assert any(f == "accepted" and "already visible in the text" in m for f, m in leak)


def test_a_cloze_may_be_written_with_braces():
    content, found = clean_question(
        "cloze", prompt="Most of it is in {{Brazil}}.", accepted=["Brasil"]
    )
    assert found == []
    assert content.prompt == "Most of it is in _____."
    assert content.accepted == ("Brazil", "Brasil")


def test_a_short_answer_needs_an_accepted_answer_with_letters():
    assert ("accepted", "Give at least one accepted answer.") in problems("short_answer")
    found = problems("short_answer", accepted=["?!"])
    assert ("accepted", "“?!” has no letters or digits to match an answer against.") in found


def test_accepted_answers_drop_blanks_and_repeats_that_would_match_anyway():
    content, found = clean_question(
        "short_answer", prompt="Who leads it?", accepted=["Kim Jong-un", " ", "kim jong un", "Kim"]
    )
    assert found == []
    assert content.accepted == ("Kim Jong-un", "Kim")


def test_difficulty_is_one_to_five():
    assert fields("short_answer", accepted=["Brazil"], difficulty=6) == ["difficulty"]
    assert fields("short_answer", accepted=["Brazil"], difficulty=0) == ["difficulty"]
    assert fields("short_answer", accepted=["Brazil"], difficulty=3) == []


def test_long_texts_are_refused_with_their_length():
    found = problems("short_answer", prompt="x" * 1001, accepted=["y"])
    assert ("prompt", "The prompt is 1,001 characters long; keep it under 1,000.") in found


def test_choices_keep_their_ids_and_new_ones_get_free_letters():
    content, _ = clean_question(
        "mcq",
        prompt="Which?",
        choices=[
            {"id": "b", "text": "Peru"},
            {"text": "Brazil", "correct": True},
            {"id": "b", "text": "Chile"},
        ],
    )
    assert [c["id"] for c in content.choices] == ["b", "a", "c"]


def test_fields_that_do_not_apply_to_the_type_are_dropped():
    content, _ = clean_question(
        "true_false", prompt="Peru holds 13%.", truth=True, choices=ABC, accepted=["x"]
    )
    assert content.choices == ()
    assert content.accepted == ()
    mcq, _ = clean_question("mcq", prompt="Which?", choices=ABC, truth=True)
    assert mcq.truth is None


def test_cards_need_a_front_and_a_back():
    _c, found = clean_card("basic", front=" ", back="")
    assert [p.field for p in found] == ["front", "back"]


def test_a_cloze_card_needs_one_blank_and_hides_its_answer():
    _c, found = clean_card("cloze", front="Peru holds 13%.", back="13%")
    assert found[0].field == "front"
    content, found = clean_card("cloze", front="Peru holds {{13%}} of it.", back="")
    assert found == []
    assert (content.front, content.back) == ("Peru holds _____ of it.", "13%")
    _c, leak = clean_card("cloze", front="Peru (13%) holds ___ of it.", back="13%")
    assert leak[0].field == "back"


def test_the_correct_answer_as_text():
    assert correct_answer_text("mcq", {"choices": ABC}) == "Brazil"
    assert correct_answer_text("true_false", {"truth": False}) == "False"
    assert correct_answer_text("cloze", {"accepted": ["Brazil", "Brasil"]}) == "Brazil"
