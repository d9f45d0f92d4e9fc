"""Hostile or racing requests on the bank answer 4xx, never 500 (#18): a multiple-choice question
with hundreds of choices, and a delete and a reject of the same item at once."""

from __future__ import annotations

import pytest

from quizzes.bank.rules import MAX_CHOICES, clean_question
from quizzes.bank.services.items import item_approve, item_delete, item_reject
from quizzes.errors import NotFound
from quizzes.models import Card, ItemEvent, ItemStatus, Question


def many_choices(n: int) -> list[dict]:
    return [{"text": f"Option {i}", "correct": i == 0} for i in range(n)]


# --- Choices are counted before any work ---


@pytest.mark.parametrize("n", [9, 703, 5000])
def test_the_rules_count_choices_before_giving_them_ids(n):
    content, problems = clean_question("mcq", prompt="Which?", choices=many_choices(n))
    assert [(p.field, p.message) for p in problems] == [
        ("choices", f"Use at most {MAX_CHOICES} choices; this question has {n}.")
    ]
    assert len(content.choices) == MAX_CHOICES


@pytest.mark.parametrize("n", [703, 2000])
def test_seven_hundred_choices_through_the_api_are_a_400_not_a_500(api_as, instructor, course, n):
    response = api_as(instructor).post(
        "/api/v1/questions/",
        {"course": course.pk, "type": "mcq", "prompt": "Which?", "choices": many_choices(n)},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["field"].startswith("choices")
    assert response.json()["detail"] == f"Use at most {MAX_CHOICES} choices."
    assert not Question.objects.exists()


# --- A delete and a reject of the same item at once ---


def stale(item):
    """The item as a request loaded it, before another request changed the row."""
    return type(item).objects.get(pk=item.pk)


def test_rejecting_a_card_deleted_meanwhile_is_not_found(bank, instructor):
    card = bank["card"]
    loaded = stale(card)
    assert item_delete(item=stale(card), user=instructor) == "deleted"
    with pytest.raises(NotFound, match="no longer exists"):
        item_reject(item=loaded, user=instructor, reason="Wrong")
    assert not Card.objects.filter(pk=card.pk).exists()


def test_rejecting_an_already_rejected_card_deleted_meanwhile_is_not_a_success(bank, instructor):
    """The reject of a card already gone must not answer "done" because the copy it loaded
    said rejected."""
    card = bank["card"]
    item_reject(item=card, user=instructor)
    loaded = stale(card)
    item_delete(item=stale(card), user=instructor)
    with pytest.raises(NotFound):
        item_reject(item=loaded, user=instructor)
    with pytest.raises(NotFound):
        item_approve(item=loaded, user=instructor)


def test_deleting_a_card_deleted_meanwhile_is_not_found(bank, instructor):
    card = bank["card"]
    loaded = stale(card)
    item_delete(item=stale(card), user=instructor)
    with pytest.raises(NotFound):
        item_delete(item=loaded, user=instructor)


def test_deleting_a_card_rejected_meanwhile_deletes_it(bank, instructor):
    card = bank["card"]
    loaded = stale(card)
    item_reject(item=stale(card), user=instructor)
    assert item_delete(item=loaded, user=instructor) == "deleted"
    assert not Card.objects.filter(pk=card.pk).exists()


def test_a_reject_that_finds_the_card_archived_meanwhile_is_refused(bank, instructor):
    card = bank["card"]
    loaded = stale(card)
    Card.objects.filter(pk=card.pk).update(status=ItemStatus.ARCHIVED)
    with pytest.raises(Exception, match="archived"):
        item_reject(item=loaded, user=instructor)
    assert not ItemEvent.objects.filter(action="reject").exists()


@pytest.mark.parametrize("action", ["reject", "approve"])
def test_the_api_answers_404_for_a_card_deleted_while_it_was_rejected(
    api_as, instructor, bank, monkeypatch, action
):
    """The window between the view loading the card and the service writing it: another request
    deletes the card there."""
    from quizzes.bank.api import views

    real = getattr(views, f"item_{action}")

    def deleted_meanwhile(*, item, **kwargs):
        item_delete(item=stale(item), user=instructor)
        return real(item=item, **kwargs)

    monkeypatch.setattr(views, f"item_{action}", deleted_meanwhile)
    response = api_as(instructor).post(f"/api/v1/cards/{bank['card'].pk}/{action}/", format="json")
    assert response.status_code == 404
    assert "no longer exists" in response.json()["detail"]


def _delete_and_reject_at_once(card_pk: int, user) -> list[str]:
    """One thread deletes the card while another rejects it, each from its own load of it."""
    import threading

    from django.db import connection

    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def act(action: str) -> None:
        try:
            loaded = Card.objects.get(pk=card_pk)
            barrier.wait()
            if action == "delete":
                outcomes.append(item_delete(item=loaded, user=user))
            else:
                item_reject(item=loaded, user=user)
                outcomes.append("rejected")
        except NotFound:
            outcomes.append("not found")
        except Exception as error:  # reported by the test
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=act, args=(a,)) for a in ("delete", "reject")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_delete_and_a_reject_of_the_same_card_at_once_never_fail_with_a_500(bank, instructor):
    """Real concurrency (PostgreSQL's row locks), ten rounds: the loser gets NotFound (the
    API's 404), never NotUpdated."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, so there is no race to test")
    from quizzes.bank.kinds import CARD
    from quizzes.bank.services.items import item_create

    for n in range(10):
        card = item_create(
            CARD,
            course=bank["card"].course,
            user=instructor,
            kind="basic",
            front=f"Which river drains basin number {n}?",
            back=f"River {n}",
            confirm_duplicate=True,
        )
        outcomes = _delete_and_reject_at_once(card.pk, instructor)
        assert outcomes in (["deleted", "not found"], ["deleted", "rejected"]), outcomes
        assert not Card.objects.filter(pk=card.pk).exists()
