"""``drafts_create`` gives many drafts exactly what ``item_create`` gives one — the item, version
1, tags and a create event — in a fixed number of queries, all or nothing."""

from __future__ import annotations

import pytest

from quizzes.bank.kinds import CARD, QUESTION, kind_of
from quizzes.bank.services.drafts import Draft, drafts_create
from quizzes.bank.services.items import item_create
from quizzes.errors import BankContentError, BankError
from quizzes.models import Card, ItemEvent, Question

pytestmark = pytest.mark.django_db

MCQ = {
    "prompt": "Which country holds most of the Amazon rainforest?",
    "choices": [{"text": "Brazil", "correct": True}, {"text": "Peru"}],
    "explanation": "Brazil holds 60%.",
}


def snapshot(item) -> dict:
    kind = kind_of(item)
    event = ItemEvent.objects.get(**{kind.name: item}, action="create")
    versions = list(item.versions.values_list("number", flat=True))
    return {
        "status": item.status,
        "origin": item.origin,
        "touched": item.touched,
        "variant": kind.variant_of(item),
        "content": kind.content_of(item),
        "versions": versions,
        "tags": sorted(t.name for t in item.tags.all()),
        "event": {
            k: v
            for k, v in event.detail.items()
            if k in ("version", "origin", "tags", kind.variant.field)
        },
        "evidence": kind.evidence_of(item),
    }


def test_a_draft_is_what_item_create_makes(course, instructor, other_course):
    one = item_create(
        QUESTION, course=course, user=instructor, tags=["geo"], origin="imported", type="mcq", **MCQ
    )
    (many,) = drafts_create(
        QUESTION, course=course, user=instructor, origin="imported",
        drafts=[Draft("mcq", {**MCQ, "prompt": MCQ["prompt"]}, tags=["geo"])],
    )  # fmt: skip
    many = Question.objects.get(pk=many.pk)
    assert snapshot(many) == snapshot(Question.objects.get(pk=one.pk))


def test_cards_too(course, instructor):
    content = {"front": "Peru holds {{13%}} of the rainforest.", "back": "", "extra": ""}
    one = item_create(
        CARD, course=course, user=instructor, origin="imported", kind="cloze", **content
    )
    (many,) = drafts_create(
        CARD, course=course, user=instructor, origin="imported", drafts=[Draft("cloze", content)]
    )
    assert snapshot(Card.objects.get(pk=many.pk)) == snapshot(Card.objects.get(pk=one.pk))
    assert many.front == "Peru holds _____ of the rainforest."


def test_many_drafts_cost_a_fixed_number_of_queries(
    course, instructor, django_assert_max_num_queries
):
    drafts = [
        Draft(
            "short_answer",
            {"prompt": f"What is code {n}?", "accepted": [f"C{n}"]},
            tags=["codes", f"t{n % 3}"],
        )
        for n in range(300)
    ]
    with django_assert_max_num_queries(40):
        items = drafts_create(
            QUESTION, course=course, user=instructor, drafts=drafts, origin="imported"
        )
    assert len(items) == 300
    assert Question.objects.filter(course=course, current__number=1).count() == 300


def test_one_broken_draft_creates_none(course, instructor):
    drafts = [
        Draft("true_false", {"prompt": "The sun is a star.", "truth": True}, label="line 1"),
        Draft("true_false", {"prompt": "Is the sun a star?", "truth": True}, label="line 3"),
    ]
    with pytest.raises(BankContentError, match=r"^line 3: Write a statement, not a question"):
        drafts_create(QUESTION, course=course, user=instructor, drafts=drafts, origin="imported")
    assert not Question.objects.exists()


def test_an_article_of_another_course_is_refused(course, instructor, other_source):
    with pytest.raises(BankError, match="not in this course"):
        drafts_create(
            QUESTION, course=course, user=instructor, origin="imported", source=other_source,
            drafts=[Draft("mcq", MCQ)],
        )  # fmt: skip
