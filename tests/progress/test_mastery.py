"""The mastery formula on hand-computed cases (formula in quizzes/mastery.py's docstring).

Reminders for the arithmetic: a quiz answer d days old weighs 0.5 ** (d / 30); a card reviewed n
times weighs sqrt(n); amount = W / (W + 2); agreement = 1 - |Q - C| when both kinds exist.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from quizzes.progress.mastery import CardRecall, Mastery, QuizAnswer, estimate_mastery

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def days_ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


def test_no_evidence_is_not_started() -> None:
    assert estimate_mastery([], [], now=NOW) == Mastery(0.0, 0.0, "not_started")


def test_a_card_never_reviewed_is_no_evidence() -> None:
    assert estimate_mastery([], [CardRecall(0.0, 0)], now=NOW).state == "not_started"


def test_only_quiz_evidence_three_fresh_answers() -> None:
    # Wq = 3, Q = (1 + 1 + 0.5) / 3 = 0.8333; amount = 3 / 5 = 0.6 -> mastered
    result = estimate_mastery(
        [QuizAnswer(NOW, 1.0), QuizAnswer(NOW, 1.0), QuizAnswer(NOW, 0.5)], [], now=NOW
    )
    assert result.value == pytest.approx(0.833333, abs=1e-6)
    assert result.confidence == pytest.approx(0.6)
    assert (result.state, result.quiz, result.cards) == ("mastered", result.value, None)
    assert result.evidence == pytest.approx(3.0)


def test_only_quiz_evidence_recent_answers_weigh_more() -> None:
    # weights 1, 0.5, 0.25 -> Wq = 1.75; sum = 1*1 + 0.5*0 + 0.25*1 = 1.25
    # value = 1.25 / 1.75 = 0.714286; amount = 1.75 / 3.75 = 0.466667 -> shaky
    result = estimate_mastery([(NOW, 1.0), (days_ago(30), 0.0), (days_ago(60), 1.0)], [], now=NOW)
    assert result.value == pytest.approx(0.714286, abs=1e-6)
    assert result.confidence == pytest.approx(0.466667, abs=1e-6)
    assert result.state == "shaky"


def test_one_fresh_correct_answer_is_not_yet_mastered() -> None:
    # W = 1 -> amount = 1 / 3 = 0.3333 < 0.5 -> shaky despite value 1
    result = estimate_mastery([(NOW, 1.0)], [], now=NOW)
    assert (result.value, result.state) == (1.0, "shaky")
    assert result.confidence == pytest.approx(1 / 3)


def test_only_card_evidence() -> None:
    # cards: R 0.9 reviewed 4 times (v = 2), R 0.3 reviewed once (v = 1), one never reviewed
    # Wc = 3, C = (2*0.9 + 1*0.3) / 3 = 0.7; amount = 3 / 5 = 0.6 -> shaky (value < 0.8)
    result = estimate_mastery([], [(0.9, 4), (0.3, 1), (0.0, 0)], now=NOW)
    assert result.value == pytest.approx(0.7)
    assert result.confidence == pytest.approx(0.6)
    assert (result.state, result.quiz) == ("shaky", None)
    assert result.cards == pytest.approx(0.7)


def test_only_card_evidence_a_well_reviewed_card_is_mastered() -> None:
    # v = sqrt(9) = 3, value 0.92, amount = 3 / 5 = 0.6 -> mastered
    result = estimate_mastery([], [CardRecall(0.92, 9)], now=NOW)
    assert (result.value, result.state) == (0.92, "mastered")
    assert result.confidence == pytest.approx(0.6)


def test_both_kinds_of_evidence_agreeing() -> None:
    # Wq = 1, Q = 1; Wc = sqrt(4) = 2, C = 0.9; W = 3
    # value = (1 + 1.8) / 3 = 0.933333; amount = 0.6; agreement = 0.9; confidence = 0.54
    result = estimate_mastery([(NOW, 1.0)], [(0.9, 4)], now=NOW)
    assert result.value == pytest.approx(0.933333, abs=1e-6)
    assert result.confidence == pytest.approx(0.54)
    assert result.state == "mastered"


def test_conflict_right_answers_but_a_forgotten_card_is_shaky() -> None:
    # Wq = 2, Q = 1; Wc = 2, C = 0.2; W = 4
    # value = (2 + 0.4) / 4 = 0.6; amount = 4 / 6 = 0.666667; agreement = 0.2
    # confidence = 0.133333 -> shaky (the same answers alone: value 1, confidence 0.5, mastered)
    result = estimate_mastery([(NOW, 1.0), (NOW, 1.0)], [(0.2, 4)], now=NOW)
    assert result.value == pytest.approx(0.6)
    assert result.confidence == pytest.approx(0.133333, abs=1e-6)
    assert result.state == "shaky"
    assert estimate_mastery([(NOW, 1.0), (NOW, 1.0)], [], now=NOW).state == "mastered"


def test_conflict_wrong_answer_but_a_remembered_card() -> None:
    # Wq = 1, Q = 0; Wc = 3, C = 0.95; W = 4
    # value = 2.85 / 4 = 0.7125; amount = 0.666667; agreement = 0.05; confidence = 0.033333
    result = estimate_mastery([(NOW, 0.0)], [(0.95, 9)], now=NOW)
    assert result.value == pytest.approx(0.7125)
    assert result.confidence == pytest.approx(0.033333, abs=1e-6)
    assert result.state == "shaky"


def test_stale_answers_lose_confidence_not_value() -> None:
    # three right answers 60 days old: weights 0.25 each -> Wq = 0.75, value 1
    # amount = 0.75 / 2.75 = 0.272727 -> shaky; the same answers today: 3 / 5 = 0.6 -> mastered
    stale = estimate_mastery([(days_ago(60), 1.0)] * 3, [], now=NOW)
    assert stale.value == 1.0
    assert stale.confidence == pytest.approx(0.272727, abs=1e-6)
    assert stale.state == "shaky"
    assert estimate_mastery([(NOW, 1.0)] * 3, [], now=NOW).state == "mastered"


def test_a_new_right_answer_outweighs_an_old_wrong_one() -> None:
    # weights: 90 days -> 0.125 (score 0), today -> 1 (score 1); Wq = 1.125
    # value = 1 / 1.125 = 0.888889; amount = 1.125 / 3.125 = 0.36
    result = estimate_mastery([(days_ago(90), 0.0), (NOW, 1.0)], [], now=NOW)
    assert result.value == pytest.approx(0.888889, abs=1e-6)
    assert result.confidence == pytest.approx(0.36)
    assert result.state == "shaky"


def test_mostly_wrong_is_learning() -> None:
    # Wq = 2, value = (0.25 + 0) / 2 = 0.125 -> learning
    result = estimate_mastery([(NOW, 0.25), (NOW, 0.0)], [], now=NOW)
    assert (result.value, result.state) == (0.125, "learning")


def test_answers_stamped_after_now_count_as_fresh() -> None:
    result = estimate_mastery([(NOW + timedelta(hours=1), 1.0)], [], now=NOW)
    assert result.evidence == 1.0


def test_it_is_deterministic_and_ignores_the_time_zone_of_the_inputs() -> None:
    answers = [(days_ago(3).astimezone(ZoneInfo("Asia/Tokyo")), 0.5), (days_ago(10), 1.0)]
    first = estimate_mastery(answers, [(0.8, 2)], now=NOW)
    again = estimate_mastery(
        list(reversed(answers)), [(0.8, 2)], now=NOW.astimezone(ZoneInfo("America/Lima"))
    )
    assert first == again


@pytest.mark.parametrize(
    ("answers", "cards"),
    [
        ([(NOW.replace(tzinfo=None), 1.0)], []),
        ([(NOW, 1.5)], []),
        ([(NOW, float("nan"))], []),
        ([], [(1.2, 3)]),
        ([], [(0.5, -1)]),
        ([], [(0.5, 2.5)]),
    ],
)
def test_it_refuses_bad_evidence(
    answers: list[tuple[datetime, float]], cards: list[tuple[float, int]]
) -> None:
    with pytest.raises(ValueError, match=r"must be"):
        estimate_mastery(answers, cards, now=NOW)


def test_it_refuses_a_naive_now() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        estimate_mastery([], [], now=NOW.replace(tzinfo=None))
