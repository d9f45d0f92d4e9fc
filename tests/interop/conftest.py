"""Fixtures of the interop tests: a second course taught by the same instructor (the target of
imports), the bank's items seen as plain tuples (what a round trip must keep), and helpers to
export from one course and import into another through the real services."""

from __future__ import annotations

import pytest

from quizzes.bank.kinds import CARD, QUESTION
from quizzes.courses.services import course_create
from quizzes.interop.selectors import bank_export, export_file
from quizzes.interop.services import import_file
from quizzes.models import Card, Question


@pytest.fixture
def target(instructor):
    """The course imports go into."""
    return course_create(user=instructor, title="Second course")


def question_facts(course) -> list[tuple]:
    """What a round trip keeps of each question: type, prompt, choices (text, correct, in
    order), accepted answers, truth, explanation and tags."""
    facts = []
    for q in (
        Question.objects.filter(course=course).select_related("current").prefetch_related("tags")
    ):
        v = q.current
        facts.append(
            (
                q.type,
                v.prompt,
                tuple((c["text"], bool(c["correct"])) for c in v.choices),
                tuple(v.accepted),
                v.truth,
                v.explanation,
                tuple(sorted(t.name for t in q.tags.all())),
            )
        )
    return sorted(facts, key=repr)


def card_facts(course) -> list[tuple]:
    """What a round trip keeps of each card: kind, front, back, extra and tags."""
    facts = []
    for c in Card.objects.filter(course=course).prefetch_related("tags"):
        facts.append(
            (
                c.kind,
                c.front,
                c.back,
                c.extra,
                tuple(sorted(t.name for t in c.tags.all())),
            )
        )
    return sorted(facts, key=repr)


def transfer(user, source_course, target_course, format_name: str, *, kind=QUESTION, params=None):
    """Export ``kind`` items of one course in a format and import the file into another."""
    export = bank_export(user, course_id=source_course.pk, kind=kind, params=params)
    file = export_file(export, format_name)
    batch, plan = import_file(
        user=user, course_id=target_course.pk, filename=file.filename, data=file.data
    )
    return file, batch, plan


__all__ = ["CARD", "QUESTION", "card_facts", "question_facts", "transfer"]
