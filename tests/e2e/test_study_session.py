"""The demo student studies the sample deck with the keyboard alone: reloads mid-session, goes
offline, grades three cards, comes back online, and every review reaches the server exactly once.

Also measures the time from a grading key press to the next card on screen (printed, not
asserted: timing depends on the machine)."""

from __future__ import annotations

import statistics

import pytest
from django.contrib.auth import get_user_model

from quizzes.courses.services import course_join
from quizzes.models import Card, CardKind, ItemStatus, Review
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)

SAVED = "All reviews saved."
MEASURES = "() => performance.getEntriesByName('retain:key-to-next-card').map(e => e.duration)"


def wait_saved(page) -> None:
    page.locator("[data-sync]").filter(has_text=SAVED).wait_for()


def grade_with_keys(page, rating: str) -> str:
    """Show the answer with Space, grade with a number key; returns the card's front."""
    front = page.locator("[data-front]").inner_text()
    page.keyboard.press("Space")
    page.locator("[data-grades]").wait_for(state="visible")
    page.keyboard.press(rating)
    return front


def test_the_demo_student_studies_offline_and_online_and_each_review_arrives_once(
    demo_deck, page, screenshot
):
    student = get_user_model().objects.get(username="student")
    before = Review.objects.filter(user=student).count()  # the demo may come with a history
    log_in(page, "student")
    page.get_by_role("link", name="Study", exact=True).click()
    page.get_by_role("link", name="Study now").first.click()
    page.locator("#study[data-ready]").wait_for(state="attached")
    screenshot("study-front")
    page.keyboard.press("Space")
    page.locator("[data-grades]").wait_for(state="visible")
    screenshot("study-revealed")
    page.keyboard.press("3")
    grade_with_keys(page, "4")
    wait_saved(page)
    assert Review.objects.filter(user=student).count() == before + 2

    timings = page.evaluate(MEASURES)  # the page's timeline restarts on reload
    page.reload()  # mid-session: the cards already graded do not come back
    page.locator("#study[data-ready]").wait_for(state="attached")
    grade_with_keys(page, "3")
    wait_saved(page)

    page.context.set_offline(True)
    offline_fronts = [grade_with_keys(page, key) for key in ("1", "3", "2")]
    page.locator("[data-sync]").filter(has_text="3 reviews waiting (offline").wait_for()
    queued = page.evaluate(
        "() => JSON.parse(localStorage.getItem(Object.keys(localStorage).find("
        "k => k.startsWith('retain:reviews:'))))"
    )
    assert len(queued) == 3
    assert Review.objects.filter(user=student).count() == before + 3
    screenshot("study-offline")

    page.context.set_offline(False)
    wait_saved(page)
    ids = [review["id"] for review in queued]
    assert Review.objects.filter(pk__in=ids).count() == 3
    # A retry of the same queue (a second tab, a lost answer) changes nothing.
    statuses = page.evaluate(
        """async (batch) => {
            const data = JSON.parse(document.getElementById("study-data").textContent);
            const response = await fetch(data.reviews_url, {method: "POST", credentials: "same-origin",
                headers: {"Content-Type": "application/json", "X-CSRFToken": data.csrf_token},
                body: JSON.stringify(batch)});
            return (await response.json()).results.map(r => r.status);
        }""",
        queued,
    )
    assert statuses == [200, 200, 200]
    reviews = Review.objects.filter(user=student)
    assert reviews.count() == before + 6
    assert len(set(reviews.values_list("pk", flat=True))) == before + 6
    assert len(offline_fronts) == 3

    timings += page.evaluate(MEASURES)
    assert len(timings) == 6
    print(
        f"\nkey press → next card shown: median {statistics.median(timings):.1f} ms, "
        f"max {max(timings):.1f} ms over {len(timings)} grades"
    )


def test_cloze_cards_reveal_the_answer_in_the_sentence(demo_deck, page, screenshot):
    card = Card.objects.create(
        course=demo_deck.course,
        source=demo_deck.source,
        kind=CardKind.CLOZE,
        status=ItemStatus.APPROVED,
        front="Talks stalled over _____ in 2019.",
        back="sanctions",
        evidence_text="Talks stalled over sanctions in 2019.",
    )
    demo_deck.deck_cards.create(card=card, position=0)
    demo_deck.deck_cards.exclude(card=card).update(position=5)
    newcomer = get_user_model().objects.create_user("newcomer", password="retain-demo")
    course_join(user=newcomer, join_code=demo_deck.course.join_code)
    log_in(page, "newcomer")
    page.goto(f"/decks/{demo_deck.pk}/study/")
    page.locator("#study[data-ready]").wait_for(state="attached")
    assert page.locator("[data-front]").inner_text() == "Talks stalled over […] in 2019."
    page.keyboard.press("Enter")
    assert page.locator("[data-front]").inner_text() == "Talks stalled over sanctions in 2019."
    assert page.locator("[data-front] mark.cloze-answer").inner_text() == "sanctions"
    page.get_by_text("Source sentence").click()
    assert page.get_by_role("link", name="Read it in").is_visible()
    screenshot("study-cloze")
    page.keyboard.press("3")
    page.goto(f"/decks/{demo_deck.pk}/")
    page.get_by_role("heading", name="Your options").wait_for()
    screenshot("study-deck")
