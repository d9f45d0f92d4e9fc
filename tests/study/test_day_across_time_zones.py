"""The learner's day and its limits survive a change of time zone (#18 item 9), and options set
before the first study call keep the deck startable (#18 item 10).

The day in progress, once it has a review, keeps the zone it began in until it ends; the first
day in the new zone begins then (docs/study.md, "The learner's day across time zones")."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from quizzes.models import CardSchedule, DeckLearner, LearnerProfile, Review
from quizzes.study.selectors.next_cards import next_cards
from quizzes.study.services.decks import deck_learner_options_set
from quizzes.study.services.profile import profile_set_time_zone
from tests.study.reviewing import grade

# A Monday in winter: New York is UTC−5, so its day (from 04:00) begins at 09:00 UTC.
MORNING = datetime(2026, 2, 2, 8, 0, tzinfo=UTC)
NY = "America/New_York"


@pytest.fixture
def limited(enrolled, student):
    """The student studies in UTC with three new cards a day."""
    profile_set_time_zone(user=student, time_zone="UTC", now=MORNING - timedelta(days=1))
    deck_learner_options_set(deck=enrolled, user=student, options={"new_per_day": 3})
    return enrolled


def study_new(user, deck, now) -> int:
    """Grade every new card the deck offers at ``now`` (Good); how many there were."""
    cards = [c for c in next_cards(user, deck.pk, limit=50, now=now).cards if c.state == "new"]
    for card in cards:
        grade(user, card.card_id, 3, now)
    return len(cards)


def test_utc_to_new_york_and_back_never_gives_more_new_cards_than_the_daily_limit(limited, student):
    introduced = study_new(student, limited, MORNING)  # 08:00 UTC
    # 09:30 UTC: New York's day began at 09:00 UTC, after those three reviews.
    profile_set_time_zone(user=student, time_zone=NY, now=MORNING + timedelta(minutes=90))
    introduced += study_new(student, limited, MORNING + timedelta(minutes=95))
    profile_set_time_zone(user=student, time_zone="UTC", now=MORNING + timedelta(hours=2))
    introduced += study_new(student, limited, MORNING + timedelta(hours=2, minutes=5))
    profile_set_time_zone(user=student, time_zone=NY, now=MORNING + timedelta(hours=3))
    introduced += study_new(student, limited, MORNING + timedelta(hours=3, minutes=5))
    assert introduced == 3
    assert Review.objects.filter(user=student, state_before="new").count() == 3


def test_the_day_in_progress_keeps_its_zone_and_the_next_one_follows_the_new_zone(limited, student):
    study_new(student, limited, MORNING)
    profile_set_time_zone(user=student, time_zone=NY, now=MORNING + timedelta(minutes=90))
    profile = LearnerProfile.objects.get(user=student)
    end_of_utc_day = datetime(2026, 2, 3, 4, 0, tzinfo=UTC)
    assert (profile.time_zone, profile.day_zone, profile.day_zone_until) == (
        NY,
        "UTC",
        end_of_utc_day,
    )
    today = next_cards(student, limited.pk, now=MORNING + timedelta(minutes=95))
    assert (today.new_today, today.new_left, today.day_ends_at) == (3, 0, end_of_utc_day)
    # Once that day is over, the first New York day runs from its end to 04:00 in New York.
    tomorrow = next_cards(student, limited.pk, now=end_of_utc_day + timedelta(minutes=30))
    assert (tomorrow.new_today, tomorrow.new_left) == (0, 3)
    assert tomorrow.day_ends_at == datetime(2026, 2, 3, 9, 0, tzinfo=UTC)


def test_a_change_of_zone_before_any_review_today_takes_effect_at_once(limited, student):
    profile_set_time_zone(user=student, time_zone=NY, now=MORNING + timedelta(minutes=90))
    profile = LearnerProfile.objects.get(user=student)
    assert (profile.day_zone, profile.day_zone_until) == ("", None)
    batch = next_cards(student, limited.pk, now=MORNING + timedelta(minutes=95))
    assert batch.day_ends_at == datetime(2026, 2, 3, 9, 0, tzinfo=UTC)
    assert batch.new_left == 3


def test_the_deck_counts_follow_the_pinned_day_too(limited, student):
    from quizzes.study.selectors.deck_counts import deck_progress
    from quizzes.study.selectors.next_cards import study_context

    study_new(student, limited, MORNING)
    profile_set_time_zone(user=student, time_zone=NY, now=MORNING + timedelta(minutes=90))
    progress = deck_progress(
        student, study_context(student, limited.pk), now=MORNING + timedelta(minutes=95)
    )
    assert progress.new_left == 0


def test_the_profile_says_which_zone_the_day_in_progress_keeps(
    api_as, student, enrolled, approved_cards
):
    from django.utils import timezone

    api = api_as(student)
    api.patch("/api/v1/study/profile/", {"time_zone": "UTC"}, format="json")
    grade(student, approved_cards[0], 3, timezone.now())
    response = api.patch("/api/v1/study/profile/", {"time_zone": NY}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert (body["time_zone"], body["day_zone"]) == (NY, "UTC")
    assert datetime.fromisoformat(body["day_zone_until"]) > timezone.now()
    back = api.patch("/api/v1/study/profile/", {"time_zone": "UTC"}, format="json").json()
    assert (back["time_zone"], back["day_zone"], back["day_zone_until"]) == ("UTC", "", None)


# --- Options before the first study call (#18 item 10) ---


def test_options_set_through_the_api_before_the_first_study_call_keep_the_deck_startable(
    api_as, student, deck, approved_cards
):
    api = api_as(student)
    response = api.patch(f"/api/v1/decks/{deck.pk}/my-options/", {"new_per_day": 2}, format="json")
    assert response.status_code == 200
    assert not CardSchedule.objects.filter(user=student).exists()
    cards = api.get(f"/api/v1/decks/{deck.pk}/study/").json()["cards"]
    assert [c["card"] for c in cards] == [c.pk for c in approved_cards[:2]]  # the option holds
    assert CardSchedule.objects.filter(user=student).count() == len(approved_cards)
    assert DeckLearner.objects.get(user=student, deck=deck).options == {"new_per_day": 2}


def test_options_set_on_the_deck_page_before_studying_keep_the_deck_startable(
    web_as, student, deck, approved_cards
):
    browser = web_as(student)
    saved = browser.post(reverse("study:deck-my-options", args=[deck.pk]), {"new_per_day": "4"})
    assert saved.status_code == 302
    cards = browser.get(f"/api/v1/decks/{deck.pk}/study/").json()["cards"]
    assert len(cards) == 4


def test_a_first_review_after_options_starts_the_learner_on_the_deck(student, deck, approved_cards):
    deck_learner_options_set(deck=deck, user=student, options={"new_per_day": 1})
    outcome = grade(student, approved_cards[0], 3, MORNING)
    assert outcome.created
    assert DeckLearner.objects.get(user=student, deck=deck).started_at is not None
    assert CardSchedule.objects.filter(user=student).count() == len(approved_cards)
