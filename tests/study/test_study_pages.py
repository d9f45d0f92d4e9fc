"""Study pages: my decks, making the deck of an article, a deck's page and options, the session."""

from __future__ import annotations

import json

from django.urls import reverse

from quizzes.models import CardSchedule, Deck, DeckLearner, LearnerProfile


def test_the_study_page_lists_my_decks_with_todays_counts(web_as, student, enrolled):
    response = web_as(student).get(reverse("study:deck-list"))
    assert response.status_code == 200
    assert enrolled.title in response.text
    assert '<span data-count="new">6</span> new' in response.text
    assert "Make the deck of an article" not in response.text


def test_an_outsider_sees_no_deck_and_gets_404_for_its_pages(web_as, outsider, deck):
    client = web_as(outsider)
    assert deck.title not in client.get(reverse("study:deck-list")).text
    for name in ("deck-detail", "deck-study"):
        assert client.get(reverse(f"study:{name}", args=[deck.pk])).status_code == 404


def test_a_student_does_not_see_an_unpublished_deck(web_as, student, deck):
    Deck.objects.filter(pk=deck.pk).update(published=False)
    assert web_as(student).get(reverse("study:deck-detail", args=[deck.pk])).status_code == 404


def test_one_click_makes_the_deck_of_an_article(web_as, instructor, course, source, approved_cards):
    client = web_as(instructor)
    assert "Make the deck of an article" in client.get(reverse("study:deck-list")).text
    response = client.post(
        reverse("study:deck-from-article", args=[course.pk]), {f"c{course.pk}-source": source.pk}
    )
    deck = Deck.objects.get(source=source)
    assert response.status_code == 302
    assert response["Location"] == reverse("study:deck-detail", args=[deck.pk])
    assert deck.cards.count() == len(approved_cards)


def test_making_a_deck_of_an_article_without_approved_cards_says_why(
    web_as, instructor, course, source
):
    client = web_as(instructor)
    response = client.post(
        reverse("study:deck-from-article", args=[course.pk]),
        {f"c{course.pk}-source": source.pk},
        follow=True,
    )
    assert "approve some cards first" in response.text
    assert not Deck.objects.exists()


def test_a_student_cannot_make_a_deck(web_as, student, course, source, approved_cards):
    response = web_as(student).post(
        reverse("study:deck-from-article", args=[course.pk]), {f"c{course.pk}-source": source.pk}
    )
    assert response.status_code == 404


def test_the_deck_page_shows_the_forecast_and_my_options(web_as, student, enrolled):
    response = web_as(student).get(reverse("study:deck-detail", args=[enrolled.pk]))
    assert response.status_code == 200
    assert "Cards due in the next 30 days" in response.text
    assert "Your options" in response.text
    assert "Deck settings" not in response.text
    assert 'placeholder="0.9 (default)"' in response.text


def test_a_student_saves_their_own_options(web_as, student, enrolled):
    url = reverse("study:deck-my-options", args=[enrolled.pk])
    response = web_as(student).post(url, {"new_per_day": "5", "learning_steps": "2m 20m"})
    assert response.status_code == 302
    assert DeckLearner.objects.get(user=student, deck=enrolled).options == {
        "new_per_day": 5,
        "learning_steps": [2.0, 20.0],
    }


def test_bad_options_are_shown_next_to_the_field(web_as, student, enrolled):
    url = reverse("study:deck-my-options", args=[enrolled.pk])
    response = web_as(student).post(url, {"desired_retention": "0.99", "learning_steps": "soon"})
    assert response.status_code == 400
    assert "field-invalid" in response.text
    assert DeckLearner.objects.get(user=student, deck=enrolled).options == {}
    response = web_as(student).post(url, {"learning_steps": "1m soon"})
    assert response.status_code == 400
    assert "“soon” is not one" in response.text


def test_the_instructor_publishes_and_sets_defaults(web_as, instructor, deck):
    Deck.objects.filter(pk=deck.pk).update(published=False)
    form = {
        "title": "Amazon, in short",
        "published": "on",
        "defaults-desired_retention": "0.85",
        "defaults-new_per_day": "10",
        "defaults-reviews_per_day": "100",
        "defaults-learning_steps": "1m 10m",
        "defaults-relearning_steps": "10m",
        "defaults-maximum_interval": "365",
        "defaults-leech_threshold": "6",
    }
    response = web_as(instructor).post(reverse("study:deck-settings", args=[deck.pk]), form)
    assert response.status_code == 302
    deck.refresh_from_db()
    assert (deck.title, deck.published, deck.desired_retention, deck.maximum_interval) == (
        "Amazon, in short",
        True,
        0.85,
        365,
    )


def test_a_student_cannot_change_the_deck_settings(web_as, student, deck):
    response = web_as(student).post(reverse("study:deck-settings", args=[deck.pk]), {})
    assert response.status_code == 404


def test_the_time_zone_is_checked(web_as, student, enrolled):
    url = reverse("study:deck-time-zone", args=[enrolled.pk])
    response = web_as(student).post(url, {"time_zone": "Mars/Olympus"})
    assert response.status_code == 400
    assert "not a time zone" in response.text
    assert web_as(student).post(url, {"time_zone": "Asia/Tokyo"}).status_code == 302
    assert LearnerProfile.objects.get(user=student).time_zone == "Asia/Tokyo"


def test_the_session_page_holds_the_first_cards_and_starts_the_learner(
    web_as, student, deck, approved_cards
):
    response = web_as(student).get(reverse("study:deck-study", args=[deck.pk]))
    assert response.status_code == 200
    raw = response.text.split('id="study-data" type="application/json">')[1].split("</script>")[0]
    data = json.loads(raw)
    assert [c["card"] for c in data["cards"]] == [c.pk for c in approved_cards]
    assert [b["interval"] for b in data["cards"][0]["buttons"]][:3] == ["1m", "6m", "10m"]
    assert data["reviews_url"] == "/api/v1/reviews/"
    assert data["csrf_token"]
    assert '<script type="module" src="/static/quizzes/study.js">' in response.text
    assert "onclick" not in response.text
    assert CardSchedule.objects.filter(user=student).count() == len(approved_cards)


def test_the_article_page_button_makes_the_deck_of_that_article(
    web_as, instructor, course, source, approved_cards
):
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = instructor
    html = render_to_string(
        "quizzes/study/_article_deck_button.html",
        {"course": course, "source": source},
        request=request,
    )
    assert f'name="c{course.pk}-source" value="{source.pk}"' in html
    response = web_as(instructor).post(
        reverse("study:deck-from-article", args=[course.pk]), {f"c{course.pk}-source": source.pk}
    )
    assert response.status_code == 302
    assert Deck.objects.get(source=source).cards.count() == len(approved_cards)
