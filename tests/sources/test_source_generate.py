"""Storing the engine's output: terms, claims, draft questions and cards, and regeneration."""

from __future__ import annotations

import pytest

from quizzes.models import (
    Card,
    Claim,
    ItemStatus,
    Question,
    QuestionVersion,
    Source,
    SourceStatus,
    Term,
)
from quizzes.sources.services import source_create, source_process

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample(course, instructor) -> Source:
    source, _ = source_create(course=course, user=instructor, sample=True)
    return source_process(source_id=source.pk)


def test_processing_the_sample_stores_its_terms_claims_and_drafts(sample):
    assert sample.status == SourceStatus.READY, sample.error
    assert "Recommended:" not in sample.cleaned_text
    assert Term.objects.filter(source=sample).count() >= 12
    assert Claim.objects.filter(source=sample).count() >= 12
    questions = Question.objects.filter(source=sample)
    assert questions.count() >= 30
    assert {q.type for q in questions} >= {"mcq", "true_false", "cloze", "short_answer"}
    assert Card.objects.filter(source=sample).exists()
    assert all(q.status == ItemStatus.DRAFT and q.current.number == 1 for q in questions)


def test_every_stored_item_points_at_its_evidence_in_the_cleaned_text(sample):
    text = sample.cleaned_text
    for version in QuestionVersion.objects.filter(question__source=sample):
        assert text[version.evidence_start : version.evidence_end] == version.evidence_text
    for card in Card.objects.filter(source=sample):
        assert text[card.evidence_start : card.evidence_end] == card.evidence_text


def test_multiple_choice_drafts_have_exactly_one_correct_choice(sample):
    for version in QuestionVersion.objects.filter(question__source=sample, question__type="mcq"):
        assert sum(choice["correct"] for choice in version.choices) == 1
        assert len({choice["text"] for choice in version.choices}) == len(version.choices)


def test_items_are_linked_to_the_term_or_claim_they_test(sample):
    linked = Question.objects.filter(source=sample).exclude(term=None, claim=None).count()
    assert linked == Question.objects.filter(source=sample).count()


def test_regenerating_replaces_untouched_drafts_and_keeps_touched_items(sample):
    approved = Question.objects.filter(source=sample).order_by("-score").first()
    approved.status = ItemStatus.APPROVED
    approved.touched = True
    approved.save()
    edited = Card.objects.filter(source=sample).first()
    edited.front = "An instructor's own wording"
    edited.touched = True
    edited.save()
    before = Question.objects.filter(source=sample).count()

    source_process(source_id=sample.pk)

    assert Question.objects.filter(pk=approved.pk, status=ItemStatus.APPROVED).exists()
    assert Card.objects.get(pk=edited.pk).front == "An instructor's own wording"
    # The approved question's prompt is not added again as a new draft.
    assert Question.objects.filter(source=sample).count() == before
    assert (
        QuestionVersion.objects.filter(
            question__source=sample, question__type=approved.type, prompt=approved.current.prompt
        ).count()
        == 1
    )


def test_an_article_the_engine_cannot_use_is_marked_failed_with_the_reason(course, instructor):
    source, _ = source_create(
        course=course, user=instructor, text="Sanctions. Summits. Letters. Missiles. Talks."
    )
    processed = source_process(source_id=source.pk)
    assert processed.status in {SourceStatus.FAILED, SourceStatus.READY}
    if processed.status == SourceStatus.FAILED:
        assert processed.error


def test_drafts_keep_the_engine_s_queue_order_as_their_rank(sample):
    from quizzes.generation.pipeline import generate
    from quizzes.sources.samples import sample_text

    generation = generate(sample_text())
    stored = {
        **{(q.current.prompt, q.type): q.rank for q in Question.objects.filter(source=sample)},
        **{(c.front, "flashcard"): c.rank for c in Card.objects.filter(source=sample)},
    }
    ranks = [stored[(item.prompt, item.type)] for item in generation.items]
    assert ranks == list(range(1, len(generation.items) + 1))
