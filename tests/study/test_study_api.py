"""API: decks, next cards, reviews (single, replay, conflict, batch), undo, forecast, profile."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from quizzes.models import CardSchedule, Deck, DeckLearner, LearnerProfile, Review
from quizzes.study.api.reviews import ReviewOutput
from quizzes.study.api.sessions import DeckStudyOutput, StudyCardOutput
from tests.study.reviewing import grade

DECKS = "/api/v1/decks/"
REVIEWS = "/api/v1/reviews/"


def review_body(card, rating=3, at=None, **extra):
    at = at or timezone.now()
    return {
        "id": str(extra.pop("id", uuid.uuid4())),
        "card": card if isinstance(card, int) else card.pk,
        "rating": rating,
        "reviewed_at": at.isoformat(),
        "duration_ms": 1800,
        **extra,
    }


# --- decks


def test_a_student_lists_the_published_decks_of_their_courses(
    api_as, student, deck, course, instructor, approved_cards
):
    Deck.objects.create(course=course, title="Draft deck", created_by=instructor)
    response = api_as(student).get(DECKS)
    assert response.status_code == 200
    assert [d["title"] for d in response.json()["results"]] == [deck.title]
    assert response.json()["results"][0]["card_count"] == len(approved_cards)
    assert response.json()["results"][0]["defaults"]["new_per_day"] == 20


def test_an_outsider_sees_no_deck_and_gets_404_for_one(api_as, outsider, deck):
    assert api_as(outsider).get(DECKS).json()["results"] == []
    assert api_as(outsider).get(f"{DECKS}{deck.pk}/").status_code == 404
    assert api_as(outsider).get(f"{DECKS}{deck.pk}/study/").status_code == 404


def test_an_instructor_makes_the_deck_of_an_article(
    api_as, instructor, course, source, approved_cards
):
    response = api_as(instructor).post(
        DECKS,
        {"course": course.pk, "title": "Amazon", "source": source.pk, "published": True},
        format="json",
    )
    assert response.status_code == 201, response.json()
    deck = Deck.objects.get(pk=response.json()["id"])
    assert deck.cards.count() == len(approved_cards)


def test_making_a_deck_without_approved_cards_is_400_with_a_message(
    api_as, instructor, course, source
):
    response = api_as(instructor).post(
        DECKS, {"course": course.pk, "title": "Empty", "source": source.pk}, format="json"
    )
    assert response.status_code == 400
    assert "approve some cards" in response.json()["detail"]


def test_a_student_cannot_make_or_change_a_deck(api_as, student, course, source, deck):
    response = api_as(student).post(
        DECKS, {"course": course.pk, "title": "Mine", "source": source.pk}, format="json"
    )
    assert response.status_code == 404
    assert api_as(student).patch(f"{DECKS}{deck.pk}/", {"published": False}).status_code == 404


def test_an_instructor_changes_the_default_options(api_as, instructor, deck):
    response = api_as(instructor).patch(
        f"{DECKS}{deck.pk}/",
        {"options": {"new_per_day": 5, "learning_steps": "1m 5m"}},
        format="json",
    )
    assert response.status_code == 200, response.json()
    deck.refresh_from_db()
    assert (deck.new_per_day, deck.learning_steps) == (5, [1.0, 5.0])
    response = api_as(instructor).patch(
        f"{DECKS}{deck.pk}/", {"options": {"desired_retention": 0.5}}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["field"] == "desired_retention"


def test_a_student_overrides_options_for_themselves(api_as, student, deck):
    url = f"{DECKS}{deck.pk}/my-options/"
    response = api_as(student).patch(url, {"desired_retention": 0.95}, format="json")
    assert response.status_code == 200
    assert response.json()["effective"]["desired_retention"] == 0.95
    assert response.json()["defaults"]["desired_retention"] == 0.9
    assert DeckLearner.objects.get(user=student, deck=deck).options == {"desired_retention": 0.95}
    bad = api_as(student).patch(url, {"leech_threshold": 0}, format="json")
    assert bad.status_code == 400
    assert "from 1 to 99" in bad.json()["detail"]


# --- studying


def test_the_study_call_starts_the_learner_and_gives_cards_with_their_buttons(
    api_as, student, deck, approved_cards
):
    response = api_as(student).get(f"{DECKS}{deck.pk}/study/?limit=4")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == set(DeckStudyOutput().fields)
    assert len(body["cards"]) == 4
    card = body["cards"][0]
    assert set(card) == set(StudyCardOutput().fields)
    assert card["card"] == approved_cards[0].pk
    assert [b["interval"] for b in card["buttons"]][:3] == ["1m", "6m", "10m"]
    assert card["source_url"].endswith("?evidence=0-9#evidence")
    assert CardSchedule.objects.filter(user=student).count() == len(approved_cards)


def test_the_study_call_leaves_out_cards_the_client_holds(api_as, student, deck, approved_cards):
    held = f"{approved_cards[0].pk},{approved_cards[1].pk}"
    cards = api_as(student).get(f"{DECKS}{deck.pk}/study/?exclude={held}").json()["cards"]
    assert approved_cards[0].pk not in [c["card"] for c in cards]


@pytest.mark.parametrize("query", ["limit=0", "limit=abc", "limit=101", "exclude=1,x"])
def test_bad_study_parameters_are_400(api_as, student, deck, query):
    response = api_as(student).get(f"{DECKS}{deck.pk}/study/?{query}")
    assert response.status_code == 400
    assert response.json()["detail"]


def test_the_forecast_counts_thirty_days(api_as, student, enrolled, approved_cards):
    CardSchedule.objects.filter(user=student, card=approved_cards[4]).update(
        state="review",
        stability=5,
        difficulty=5,
        reps=3,
        due=timezone.now() + timedelta(days=3),
        last_review=timezone.now(),
    )
    response = api_as(student).get(f"{DECKS}{enrolled.pk}/forecast/")
    assert response.status_code == 200
    days = response.json()["days"]
    assert len(days) == 30
    assert sum(d["due"] for d in days) == 1
    assert days[3]["due"] + days[2]["due"] + days[4]["due"] == 1


def test_the_progress_of_a_deck(api_as, student, enrolled, approved_cards):
    body = api_as(student).get(f"{DECKS}{enrolled.pk}/progress/").json()
    assert (body["new_available"], body["new_left"], body["total"]) == (6, 6, 6)
    assert body["set_aside"] == []


def test_the_progress_names_the_held_cards_a_graded_sibling_set_aside(
    api_as, student, enrolled, approved_cards
):
    # The study screen holds cards fetched before a sibling was graded: the server buries the
    # sibling, and the screen's counts and queue follow (the deck page's counts are the same).
    held = [card.pk for card in approved_cards]
    grade(student, approved_cards[0], 3, timezone.now())
    body = (
        api_as(student)
        .get(f"{DECKS}{enrolled.pk}/progress/", {"held": ",".join(map(str, held))})
        .json()
    )
    buried = CardSchedule.objects.filter(user=student, buried_until__gt=timezone.now()).values_list(
        "card_id", flat=True
    )
    assert buried
    assert body["set_aside"] == sorted(buried)
    assert body["new_left"] == 6 - 1 - len(buried)
    assert body["learning"] == 1


@pytest.mark.parametrize("held", ["1,x", ",".join(["1"] * 501), "-3", "9" * 40])
def test_the_progress_refuses_a_bad_held_list(api_as, student, enrolled, held):
    response = api_as(student).get(f"{DECKS}{enrolled.pk}/progress/", {"held": held})
    assert response.status_code == 400
    assert response.json()["field"] == "held"


def test_the_progress_of_anothers_deck_is_404(api_as, outsider, deck):
    response = api_as(outsider).get(f"{DECKS}{deck.pk}/progress/", {"held": "1,2"})
    assert response.status_code == 404


# --- reviews


def test_a_review_is_recorded_then_a_replay_answers_the_stored_outcome(
    api_as, student, enrolled, approved_cards
):
    body = review_body(approved_cards[4])
    first = api_as(student).post(REVIEWS, body, format="json")
    assert first.status_code == 201, first.json()
    assert set(first.json()) == set(ReviewOutput().fields)
    assert first.json()["state"] == "learning"
    assert first.json()["buttons"][0]["interval"] == "1m"
    again = api_as(student).post(REVIEWS, body, format="json")
    assert again.status_code == 200
    assert again.json()["created"] is False
    assert again.json()["due"] == first.json()["due"]
    assert Review.objects.filter(pk=body["id"]).count() == 1


def test_the_same_id_with_another_payload_is_422(api_as, student, enrolled, approved_cards):
    body = review_body(approved_cards[4])
    api_as(student).post(REVIEWS, body, format="json")
    response = api_as(student).post(REVIEWS, {**body, "rating": 1}, format="json")
    assert response.status_code == 422
    assert "already recorded with other values" in response.json()["detail"]
    assert Review.objects.get(pk=body["id"]).rating == 3


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"rating": 5}, "rating"),
        ({"id": "not-a-uuid"}, "id"),
        ({"reviewed_at": "yesterday"}, "reviewed_at"),
    ],
)
def test_bad_reviews_are_400_naming_the_field(
    api_as, student, enrolled, approved_cards, change, field
):
    response = api_as(student).post(
        REVIEWS, {**review_body(approved_cards[4]), **change}, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()
    assert not Review.objects.exists()


def test_a_review_from_the_future_is_refused(api_as, student, enrolled, approved_cards):
    body = review_body(approved_cards[4], at=timezone.now() + timedelta(hours=2))
    response = api_as(student).post(REVIEWS, body, format="json")
    assert response.status_code == 400
    assert "clock" in response.json()["detail"]


def test_a_card_of_another_course_is_404(api_as, outsider, enrolled, approved_cards):
    response = api_as(outsider).post(REVIEWS, review_body(approved_cards[4]), format="json")
    assert response.status_code == 404
    assert not Review.objects.exists()


def test_a_batch_is_applied_in_review_time_order_each_review_once(
    api_as, student, enrolled, approved_cards
):
    now = timezone.now()
    card = approved_cards[4]
    early = review_body(card, 3, now - timedelta(minutes=30))
    late = review_body(card, 3, now - timedelta(minutes=5))
    bad = review_body(card, 9, now)
    stranger = review_body(approved_cards[5], 3, now, id=early["id"])  # reuses an id
    response = api_as(student).post(REVIEWS, [late, bad, early, late, stranger], format="json")
    assert response.status_code == 200
    statuses = {(r["id"], r["status"]) for r in response.json()["results"]}
    assert statuses == {
        (early["id"], 201),
        (late["id"], 201),
        (late["id"], 200),
        (bad["id"], 400),
        (early["id"], 422),
    }
    schedule = CardSchedule.objects.get(user=student, card=card)
    assert (schedule.reps, schedule.last_review) == (2, datetime.fromisoformat(late["reviewed_at"]))
    assert Review.objects.filter(user=student).count() == 2


def test_a_batch_that_is_too_large_is_400(api_as, student, enrolled, approved_cards):
    response = api_as(student).post(REVIEWS, [review_body(approved_cards[4])] * 501, format="json")
    assert response.status_code == 400


def test_undo_puts_the_card_back(api_as, student, enrolled, approved_cards):
    body = review_body(approved_cards[4])
    api_as(student).post(REVIEWS, body, format="json")
    response = api_as(student).post(f"{REVIEWS}{body['id']}/undo/")
    assert response.status_code == 200
    assert response.json()["state"] == "new"
    assert CardSchedule.objects.get(user=student, card=approved_cards[4]).reps == 0


def test_undo_of_an_older_review_is_409_and_of_anothers_is_404(
    api_as, student, outsider, enrolled, approved_cards
):
    at = datetime(2026, 1, 5, 9, tzinfo=UTC)
    first = grade(student, approved_cards[4], 3, at)
    grade(student, approved_cards[4], 3, at + timedelta(minutes=10))
    response = api_as(student).post(f"{REVIEWS}{first.review.pk}/undo/")
    assert response.status_code == 409
    assert "latest" in response.json()["detail"]
    assert api_as(outsider).post(f"{REVIEWS}{first.review.pk}/undo/").status_code == 404


# --- profile


def test_the_browser_sets_the_time_zone_once_and_the_learner_changes_it(api_as, student):
    url = "/api/v1/study/profile/"
    api_as(student).patch(url, {"time_zone": "Asia/Tokyo", "only_if_unset": True}, format="json")
    api_as(student).patch(url, {"time_zone": "Europe/Paris", "only_if_unset": True}, format="json")
    assert api_as(student).get(url).json()["time_zone"] == "Asia/Tokyo"
    api_as(student).patch(url, {"time_zone": "Europe/Paris"}, format="json")
    assert LearnerProfile.objects.get(user=student).time_zone == "Europe/Paris"
    bad = api_as(student).patch(url, {"time_zone": "Nowhere/Land"}, format="json")
    assert bad.status_code == 400
    assert bad.json()["field"] == "time_zone"


# --- token authentication on the hot paths


def test_the_study_endpoints_take_a_token_and_refuse_a_bad_or_inactive_one(
    api, student, enrolled, approved_cards
):
    from quizzes.accounts.tokens import token_create

    _token, key = token_create(user=student, origin="page")
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get(f"{DECKS}{enrolled.pk}/study/").status_code == 200
    assert api.post(REVIEWS, review_body(approved_cards[4]), format="json").status_code == 201
    api.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    response = api.get(f"{DECKS}{enrolled.pk}/study/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    student.is_active = False
    student.save()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.post(REVIEWS, review_body(approved_cards[5]), format="json").status_code == 401
