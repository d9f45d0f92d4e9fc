"""The study screen as a student meets it, on a laptop and on a phone: its three counts are the deck
page's (before grading, while grading and after), it shows where the student is in the session,
it takes Anki's keys (Space or Enter on the answer side is Good; Enter or Space on a focused
grade button grades with that button), and on a touch screen a tap on the card shows the answer,
the grade and undo targets are at least 44 px and the hint is written for touch."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from quizzes.models import CardSchedule, Review
from tests.e2e.conftest import ARTIFACTS, LAPTOP, NARROWEST, PHONE, log_in, page_width

pytestmark = pytest.mark.django_db(transaction=True)

KINDS = ("new", "learning", "review")


def counts(page, where: str) -> dict[str, int]:
    return {kind: int(page.locator(f"{where} [data-count={kind}]").inner_text()) for kind in KINDS}


def open_session(page, deck_id: int) -> None:
    page.goto(f"/decks/{deck_id}/study/")
    page.locator("#study[data-ready]").wait_for(state="attached")


def synced(page) -> dict[str, int]:
    """The screen's counts once every review is saved and the server's counts are in."""
    page.locator("[data-counts][data-synced]").wait_for(state="attached")
    return counts(page, "[data-counts]")


@pytest.mark.parametrize("size", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_the_counts_are_the_deck_pages_and_anki_keys_grade(demo_deck, page, size):
    page.set_viewport_size(size)
    student = get_user_model().objects.get(username="student")
    started = timezone.now()
    # The demo's simulated history leaves due times spread over the coming hours: a review that
    # fell due between two reads of the counts would make them differ by the clock alone.
    CardSchedule.objects.filter(
        user=student, due__gte=started, due__lt=started + timedelta(minutes=30)
    ).update(due=started - timedelta(minutes=1))
    log_in(page, "student")
    page.goto(f"/decks/{demo_deck.pk}/")
    before = counts(page, "[data-deck-counts]")
    assert before["new"] > 0

    open_session(page, demo_deck.pk)
    assert counts(page, "[data-counts]") == before
    total = sum(before.values())
    assert page.locator("[data-position]").inner_text() == f"Card 1 of {total}"
    # The count of the card on screen is underlined, as in Anki.
    assert page.locator("[data-counts] [data-current]").count() == 1

    # Space shows the answer; Space again on the answer side means Good.
    page.keyboard.press("Space")
    page.locator("[data-grades]").wait_for(state="visible")
    page.keyboard.press("Space")
    # Enter shows the answer; Enter on a focused grade button grades with that button.
    page.locator("[data-grades]").wait_for(state="hidden")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Hard").focus()
    page.keyboard.press("Enter")
    page.locator("[data-grades]").wait_for(state="hidden")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Easy").focus()
    page.keyboard.press("Space")
    page.locator("[data-grades]").wait_for(state="hidden")

    live = synced(page)
    ratings = list(
        Review.objects.filter(user=student, reviewed_at__gte=started)
        .order_by("reviewed_at")
        .values_list("rating", flat=True)
    )
    assert ratings == [3, 2, 4]
    assert live != before
    assert page.locator("[data-position]").inner_text().startswith("Card 4 of ")

    page.goto(f"/decks/{demo_deck.pk}/")
    assert counts(page, "[data-deck-counts]") == live
    open_session(page, demo_deck.pk)  # a reload mid-session starts from the same counts
    assert counts(page, "[data-counts]") == live
    assert synced(page) == live


def test_on_a_touch_phone_a_tap_reveals_and_the_targets_are_large(demo_deck, browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, viewport=PHONE, has_touch=True, is_mobile=True
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    student = get_user_model().objects.get(username="student")
    started = timezone.now()
    try:
        log_in(page, "student")
        open_session(page, demo_deck.pk)
        hint = page.locator(".study-help").inner_text()
        assert "Tap the card" in hint
        for key_word in ("Space", "Enter", "1", "Z"):
            assert key_word not in hint, hint  # no key names, and no words left over from them
        assert page.locator("kbd:visible").count() == 0

        page.locator("[data-card]").tap()
        page.locator("[data-grades]").wait_for(state="visible")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "study-touch-phone.png"), full_page=True)
        for button in page.locator("[data-grades] button").all():
            box = button.bounding_box()
            assert min(box["height"], box["width"]) >= 44, box
        page.get_by_role("button", name="Good").tap()
        synced(page)
        review = Review.objects.get(user=student, reviewed_at__gte=started)
        assert review.rating == 3

        undo = page.get_by_role("button", name="Undo last grade")
        box = undo.bounding_box()
        assert min(box["height"], box["width"]) >= 44, box
        undo.tap()
        page.locator("[data-notice]").filter(has_text="Undone").wait_for()
        review.refresh_from_db()
        assert review.undone_at is not None
        page.locator("[data-grades]").wait_for(state="hidden")  # the card is back, answer hidden
    finally:
        context.close()
    assert not errors, errors


def test_the_study_screen_passes_axe_and_fits_320_px(demo_deck, page, axe):
    log_in(page, "student")
    open_session(page, demo_deck.pk)
    problems = []
    for name, size in (("laptop", LAPTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        problems += axe(f"study, question side ({name})")
    page.keyboard.press("Space")
    page.locator("[data-grades]").wait_for(state="visible")
    page.get_by_text("Source sentence").click()
    for name, size in (("laptop", LAPTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        problems += axe(f"study, answer side ({name})")
    page.set_viewport_size(NARROWEST)
    assert page_width(page) <= NARROWEST["width"]
    assert not problems, "\n".join(problems)
