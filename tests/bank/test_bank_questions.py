"""Question services: authoring, versioning, approving, rejecting, tagging, deleting, auditing."""

from __future__ import annotations

import pytest

from quizzes.bank.kinds import QUESTION
from quizzes.bank.services.best import bank_approve_best
from quizzes.bank.services.items import (
    item_approve,
    item_create,
    item_delete,
    item_reject,
    item_tag,
    item_update,
    items_mark_shown,
)
from quizzes.errors import BankContentError, BankError
from quizzes.models import ItemEvent, Question, QuestionVersion, Tag

pytestmark = pytest.mark.django_db


def test_authoring_a_question_creates_version_one_and_audits_it(course, instructor, source):
    question = item_create(
        QUESTION,
        course=course,
        user=instructor,
        type="cloze",
        prompt="Most of the forest is in {{Brazil}}.",
        accepted=["Brasil"],
        tags=["Geography", " geography "],
        source=source,
    )
    question.refresh_from_db()
    assert question.status == "draft"
    assert question.origin == "authored"
    assert question.touched  # an instructor's own item survives regeneration
    assert question.current.number == 1
    assert question.current.prompt == "Most of the forest is in _____."
    assert question.current.accepted == ["Brazil", "Brasil"]
    assert [t.name for t in question.tags.all()] == ["Geography"]
    event = ItemEvent.objects.get(question=question)
    assert (event.action, event.actor, event.detail["version"]) == ("create", instructor, 1)


def test_authoring_with_approve_approves_at_once(course, instructor):
    question = item_create(
        QUESTION,
        course=course,
        user=instructor,
        type="true_false",
        prompt="Peru holds 13% of the forest.",
        truth=True,
        approve=True,
    )
    assert question.status == "approved"
    assert list(question.events.values_list("action", flat=True)) == ["create", "approve"]


def test_invalid_content_saves_nothing_and_lists_every_problem(course, instructor):
    with pytest.raises(BankContentError) as caught:
        item_create(
            QUESTION,
            course=course,
            user=instructor,
            type="mcq",
            prompt="",
            choices=[{"text": "Brazil"}],
        )
    assert caught.value.field == "prompt"
    assert {f for f, _ in caught.value.problems} == {"prompt", "choices"}
    assert Question.objects.count() == 0


def test_an_article_from_another_course_is_refused(course, instructor, other_source):
    with pytest.raises(BankError, match="not in this course") as caught:
        item_create(
            QUESTION,
            course=course,
            user=instructor,
            type="short_answer",
            prompt="Which country?",
            accepted=["Brazil"],
            source=other_source,
        )
    assert caught.value.field == "source"


def test_a_term_takes_its_article_and_lends_its_evidence(course, instructor, term):
    question = item_create(
        QUESTION,
        course=course,
        user=instructor,
        type="short_answer",
        prompt="Which country holds most of it?",
        accepted=["Brazil"],
        term=term,
    )
    assert question.source_id == term.source_id
    assert question.current.evidence_text == term.evidence_text


def test_editing_an_unshown_draft_amends_its_version_in_place(bank, instructor):
    question = bank["mcq"]
    change = item_update(item=question, user=instructor, explanation="Brazil holds 60% of it.")
    assert change.mode == "amended"
    assert QuestionVersion.objects.filter(question=question).count() == 1
    question.refresh_from_db()
    assert question.current.explanation == "Brazil holds 60% of it."
    assert question.touched
    event = question.events.get(action="edit")
    assert event.actor == instructor
    assert event.detail["mode"] == "amended"
    assert event.detail["changes"]["explanation"][1] == "Brazil holds 60% of it."


def test_an_edit_after_the_question_was_shown_creates_version_two_and_keeps_version_one(
    bank, instructor
):
    question = bank["mcq"]
    item_approve(item=question, user=instructor)
    assert items_mark_shown(QUESTION, ids=[question.pk]) == 1
    question.refresh_from_db()
    v1 = question.current
    before = {f: getattr(v1, f) for f in ("prompt", "choices", "explanation", "accepted")}
    choices = [dict(c) for c in v1.choices]
    choices[1]["text"] = "Ecuador"

    change = item_update(item=question, user=instructor, choices=choices)

    assert change.mode == "new_version"
    question.refresh_from_db()
    assert question.current.number == 2
    assert question.current.created_by == instructor
    assert question.current.choices[1]["text"] == "Ecuador"
    assert question.current.evidence_text == v1.evidence_text
    v1.refresh_from_db()
    assert {f: getattr(v1, f) for f in before} == before
    assert v1.choices[1]["text"] == "Peru"
    assert question.status == "approved"


def test_an_approved_question_is_frozen_too_a_quiz_may_pin_it(bank, instructor):
    question = bank["true_false"]
    item_approve(item=question, user=instructor)
    change = item_update(item=question, user=instructor, truth=False)
    assert change.mode == "new_version"
    assert question.versions.count() == 2


def test_an_edit_that_changes_nothing_records_nothing(bank, instructor):
    question = bank["cloze"]
    change = item_update(item=question, user=instructor, prompt=f"  {question.current.prompt}  ")
    assert change.mode == "unchanged"
    assert not question.events.filter(action="edit").exists()


def test_an_invalid_edit_changes_nothing(bank, instructor):
    question = bank["mcq"]
    with pytest.raises(BankContentError, match="Mark the correct choice"):
        item_update(item=question, user=instructor, choices=[{"text": "Peru"}, {"text": "Chile"}])
    question.refresh_from_db()
    assert question.current.choices[0]["text"] == "Brazil"
    assert not question.events.filter(action="edit").exists()


def test_edit_then_approve_is_one_action(bank, instructor):
    question = bank["short_answer"]
    change = item_update(
        item=question, user=instructor, accepted=["Brazil", "Brasil"], approve=True
    )
    assert change.item.status == "approved"
    assert list(question.events.values_list("action", flat=True)) == ["create", "edit", "approve"]


def test_tags_and_links_are_audited_in_the_edit_event(bank, instructor, term):
    question = bank["cloze"]
    item_update(item=question, user=instructor, tags=["brazil", "week 1"], term=term)
    event = question.events.get(action="edit")
    assert event.detail["changes"]["tags"] == [[], ["brazil", "week 1"]]
    assert event.detail["changes"]["term"] == [None, "Brazil"]
    assert event.detail["mode"] == "unchanged"  # content untouched: no version change


def test_approving_audits_who_and_which_version(bank, instructor):
    question = item_approve(item=bank["mcq"], user=instructor)
    question.refresh_from_db()
    assert question.status == "approved"
    assert question.touched
    event = question.events.get(action="approve")
    assert event.actor == instructor
    assert event.detail == {"from": "draft", "to": "approved", "version": 1}
    item_approve(item=question, user=instructor)  # idempotent
    assert question.events.filter(action="approve").count() == 1


def test_a_draft_with_broken_content_cannot_be_approved(bank, instructor):
    question = bank["cloze"]
    QuestionVersion.objects.filter(pk=question.current_id).update(prompt="No blank here.")
    question.refresh_from_db()
    with pytest.raises(BankContentError, match="Fix this question before approving it"):
        item_approve(item=question, user=instructor)
    assert Question.objects.get(pk=question.pk).status == "draft"


def test_rejecting_keeps_the_reason(bank, instructor):
    question = item_reject(item=bank["true_false"], user=instructor, reason="Too easy")
    assert question.status == "rejected"
    assert question.events.get(action="reject").detail["reason"] == "Too easy"


def test_tagging_adds_and_removes_by_name(bank, instructor):
    question = item_tag(item=bank["mcq"], user=instructor, add=["Brazil", "Countries"])
    item_tag(item=question, user=instructor, add=["countries"], remove=["BRAZIL"])
    assert [t.name for t in question.tags.all()] == ["Countries"]
    assert question.events.filter(action="tag").count() == 2
    assert Tag.objects.filter(course=question.course).count() == 2


def test_a_tag_with_a_comma_is_refused(bank, instructor):
    with pytest.raises(BankError, match="comma") as caught:
        item_tag(item=bank["mcq"], user=instructor, add=["a, b"])
    assert caught.value.field == "tags"


def test_a_never_shown_question_is_deleted(bank, instructor):
    question = bank["mcq"]
    assert item_delete(item=question, user=instructor) == "deleted"
    assert not Question.objects.filter(pk=question.pk).exists()


def test_a_shown_question_is_archived_not_deleted_and_cannot_be_edited(bank, instructor):
    question = bank["mcq"]
    items_mark_shown(QUESTION, ids=[question.pk])
    question.refresh_from_db()
    assert item_delete(item=question, user=instructor) == "archived"
    question.refresh_from_db()
    assert question.status == "archived"
    assert question.versions.count() == 1
    assert question.events.filter(action="archive").exists()
    with pytest.raises(BankError, match="archived"):
        item_update(item=question, user=instructor, explanation="x")
    with pytest.raises(BankError, match="archived"):
        item_approve(item=question, user=instructor)


def test_marking_shown_keeps_the_first_time(bank):
    ids = [bank["mcq"].pk, bank["cloze"].pk]
    assert items_mark_shown(QUESTION, ids=ids) == 2
    first = Question.objects.get(pk=ids[0]).shown_at
    assert items_mark_shown(QUESTION, ids=ids) == 0
    assert Question.objects.get(pk=ids[0]).shown_at == first


def test_approve_best_spreads_across_types_by_score(bank, course, source, instructor):
    result = bank_approve_best(course=course, source=source, user=instructor, questions=3, cards=1)
    approved = Question.objects.filter(pk__in=result.questions)
    # The best of each type first, not the three best of one type.
    assert len({q.type for q in approved}) == 3
    assert bank["mcq"].pk in result.questions  # the best-scoring draft
    assert result.cards == [bank["card"].pk]
    assert all(q.status == "approved" for q in approved)
    assert ItemEvent.objects.filter(action="approve", detail__via="best").count() == 4
    again = bank_approve_best(course=course, source=source, user=instructor, questions=3, cards=1)
    assert len(again.questions) == 2  # only two drafts were left
    assert Question.objects.filter(status="approved").count() == 5


def test_approve_best_skips_drafts_that_break_a_rule(bank, course, source, instructor):
    QuestionVersion.objects.filter(pk=bank["mcq"].current_id).update(choices=[])
    result = bank_approve_best(course=course, source=source, user=instructor, questions=5, cards=0)
    assert bank["mcq"].pk not in result.questions
    assert len(result.questions) == 4


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_edits_of_a_shown_question_make_two_new_versions(bank, instructor):
    """Each edit locks the question, so neither version number is taken twice or lost."""
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, so there is no race to test")
    question = bank["mcq"]
    items_mark_shown(QUESTION, ids=[question.pk])
    barrier = threading.Barrier(2)
    errors: list[Exception] = []

    def edit(text: str) -> None:
        try:
            barrier.wait()
            item_update(
                item=Question.objects.get(pk=question.pk), user=instructor, explanation=text
            )
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=edit, args=(f"Edit {i}",)) for i in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    versions = list(question.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2, 3]
    assert {v.explanation for v in versions[1:]} == {"Edit 1", "Edit 2"}
    question.refresh_from_db()
    assert question.current == versions[2]
