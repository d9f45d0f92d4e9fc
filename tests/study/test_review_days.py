"""The learner's day starts at 04:00 in their own time zone: daily limits, "due today" and burying
follow it, in two zones, around 04:00 and across DST changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from quizzes.models import CardSchedule
from quizzes.study.selectors.next_cards import next_cards
from quizzes.study.services.decks import deck_learner_options_set
from quizzes.study.services.profile import profile_set_time_zone
from tests.study.reviewing import grade

PARIS = ZoneInfo("Europe/Paris")
LOS_ANGELES = ZoneInfo("America/Los_Angeles")


def local(zone, *args) -> datetime:
    return datetime(*args, tzinfo=zone).astimezone(UTC)


def shown(student, deck, now) -> list[int]:
    return [card.card_id for card in next_cards(student, deck.pk, limit=50, now=now).cards]


def new_shown(student, deck, now) -> int:
    return sum(card.state == "new" for card in next_cards(student, deck.pk, now=now).cards)


@pytest.mark.parametrize("zone", [PARIS, LOS_ANGELES], ids=["Paris", "Los Angeles"])
def test_the_new_card_limit_resets_at_four_in_the_morning_local_time(
    zone, enrolled, student, approved_cards
):
    profile_set_time_zone(user=student, time_zone=str(zone))
    deck_learner_options_set(deck=enrolled, user=student, options={"new_per_day": 2})
    evening = local(zone, 2026, 1, 10, 22, 0)
    grade(student, approved_cards[4], 3, evening)
    grade(student, approved_cards[5], 3, evening)
    assert new_shown(student, enrolled, evening) == 0
    assert new_shown(student, enrolled, local(zone, 2026, 1, 11, 0, 30)) == 0  # past midnight
    assert new_shown(student, enrolled, local(zone, 2026, 1, 11, 3, 59)) == 0
    assert new_shown(student, enrolled, local(zone, 2026, 1, 11, 4, 1)) == 2


@pytest.mark.parametrize("zone", [PARIS, LOS_ANGELES], ids=["Paris", "Los Angeles"])
def test_a_review_due_before_tomorrows_four_oclock_is_due_today(
    zone, enrolled, student, approved_cards
):
    profile_set_time_zone(user=student, time_zone=str(zone))
    early, late = approved_cards[4], approved_cards[5]
    base = {"state": "review", "stability": 10, "difficulty": 5, "step": None, "reps": 3}
    CardSchedule.objects.filter(user=student, card=early).update(
        due=local(zone, 2026, 1, 11, 3, 30), last_review=local(zone, 2026, 1, 1, 9), **base
    )
    CardSchedule.objects.filter(user=student, card=late).update(
        due=local(zone, 2026, 1, 11, 4, 30), last_review=local(zone, 2026, 1, 1, 9), **base
    )
    noon = local(zone, 2026, 1, 10, 12, 0)
    assert early.pk in shown(student, enrolled, noon)
    assert late.pk not in shown(student, enrolled, noon)
    assert late.pk in shown(student, enrolled, local(zone, 2026, 1, 11, 4, 0))


def test_without_a_time_zone_the_day_is_counted_in_the_sites_zone(
    settings, enrolled, student, approved_cards
):
    settings.TIME_ZONE = "UTC"
    deck_learner_options_set(deck=enrolled, user=student, options={"new_per_day": 1})
    grade(student, approved_cards[4], 3, datetime(2026, 1, 10, 23, tzinfo=UTC))
    assert new_shown(student, enrolled, datetime(2026, 1, 11, 3, 59, tzinfo=UTC)) == 0
    assert new_shown(student, enrolled, datetime(2026, 1, 11, 4, 0, tzinfo=UTC)) == 1


def test_siblings_stay_buried_until_four_on_the_morning_clocks_spring_forward(
    enrolled, student, approved_cards
):
    # Paris, 29 March 2026: 02:00 becomes 03:00, so 04:00 local is 02:00 UTC, not 03:00.
    profile_set_time_zone(user=student, time_zone="Europe/Paris")
    grade(student, approved_cards[0], 3, local(PARIS, 2026, 3, 28, 23, 0))
    sibling = approved_cards[1]
    buried = CardSchedule.objects.get(user=student, card=sibling).buried_until
    assert buried == datetime(2026, 3, 29, 2, 0, tzinfo=UTC)
    assert sibling.pk not in shown(student, enrolled, datetime(2026, 3, 29, 1, 59, tzinfo=UTC))
    assert sibling.pk in shown(student, enrolled, datetime(2026, 3, 29, 2, 0, tzinfo=UTC))


def test_the_day_after_clocks_fall_back_is_25_hours_long(enrolled, student, approved_cards):
    # Los Angeles, 1 November 2026: 02:00 PDT becomes 01:00 PST; 04:00 PST is 12:00 UTC.
    profile_set_time_zone(user=student, time_zone="America/Los_Angeles")
    deck_learner_options_set(deck=enrolled, user=student, options={"new_per_day": 1})
    grade(student, approved_cards[0], 3, local(LOS_ANGELES, 2026, 10, 31, 4, 30))
    buried = CardSchedule.objects.get(user=student, card=approved_cards[1]).buried_until
    assert buried == datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
    assert buried - local(LOS_ANGELES, 2026, 10, 31, 4, 0) == timedelta(hours=25)
    assert new_shown(student, enrolled, datetime(2026, 11, 1, 11, 59, tzinfo=UTC)) == 0
    assert new_shown(student, enrolled, datetime(2026, 11, 1, 12, 0, tzinfo=UTC)) == 1


def test_todays_counts_follow_a_time_zone_changed_between_calls(
    enrolled, student, approved_cards, django_assert_num_queries
):
    """Today's counts ride along with the context query, counted from the day of the zone the
    learner had last time; a changed zone is noticed and counted again for its own day."""
    deck_learner_options_set(deck=enrolled, user=student, options={"new_per_day": 2})
    profile_set_time_zone(user=student, time_zone="Europe/Paris")
    evening = local(PARIS, 2026, 1, 10, 22, 0)  # 21:00 UTC
    grade(student, approved_cards[4], 3, evening)
    grade(student, approved_cards[5], 3, evening)
    # 03:30 UTC: a new day in Paris, still the evening of the 10th in Los Angeles.
    now = local(PARIS, 2026, 1, 11, 4, 30)
    assert new_shown(student, enrolled, now) == 2
    with django_assert_num_queries(2):  # the zone seen last: counted with the context
        assert new_shown(student, enrolled, now) == 2
    profile_set_time_zone(user=student, time_zone="America/Los_Angeles")
    with django_assert_num_queries(3):  # the zone changed: counted again for its day
        assert new_shown(student, enrolled, now) == 0
    with django_assert_num_queries(2):
        assert new_shown(student, enrolled, now) == 0
