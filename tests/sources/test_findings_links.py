"""Stored findings: a blank or a question whose answer is a key term counts for that term too."""

from __future__ import annotations

import pytest

from quizzes.models import Question, Term
from quizzes.sources.findings import generation_run, generation_store

pytestmark = pytest.mark.django_db


def test_a_blank_whose_answer_is_a_key_term_is_linked_to_the_term(source) -> None:
    generation = generation_run(source.original)
    generation_store(source=source, generation=generation)
    terms = {t.text.lower(): t.pk for t in Term.objects.filter(source=source)}
    linked = 0
    for question in Question.objects.filter(source=source).select_related("current"):
        version = question.current
        assert version is not None
        answer = (version.accepted or [""])[0]
        if question.type in ("cloze", "short_answer") and answer.lower() in terms:
            assert question.term_id == terms[answer.lower()], version.prompt
            linked += 1
        if question.type == "true_false" and question.claim_id is not None:
            assert question.term_id is None  # "True"/"False" is no term
    assert linked, "no stored question asks for a key term"
