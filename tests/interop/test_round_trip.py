"""Retain → file → Retain keeps every question (type, prompt, choices, correct answers,
explanation, tags) in every format that carries questions, and every card in every format that
carries cards; the bundled article's generated bank survives every format too."""

from __future__ import annotations

import pytest

from quizzes.bank.services.items import item_tag
from quizzes.interop.formats import export_formats
from quizzes.models import ImportedItem, Origin, Question
from tests.interop.conftest import CARD, card_facts, question_facts, transfer

QUESTION_FORMATS = [f.name for f in export_formats("question")]
CARD_FORMATS = [f.name for f in export_formats("card")]


@pytest.fixture
def tagged_bank(bank, instructor):
    """The bank fixture with tags and explanations worth keeping."""
    item_tag(item=bank["mcq"], user=instructor, add=["geography", "South America"])
    item_tag(item=bank["cloze"], user=instructor, add=["geography"])
    item_tag(item=bank["card"], user=instructor, add=["countries"])
    return bank


@pytest.mark.parametrize("format_name", QUESTION_FORMATS)
def test_questions_survive_a_round_trip(tagged_bank, course, target, instructor, format_name):
    _file, batch, plan = transfer(instructor, course, target, format_name)

    assert not plan.errors
    assert question_facts(target) == question_facts(course)
    assert batch.created_count == Question.objects.filter(course=course).count()
    imported = Question.objects.filter(course=target)
    assert {q.status for q in imported} == {"draft"}
    assert {q.origin for q in imported} == {Origin.IMPORTED}
    provenance = ImportedItem.objects.filter(batch=batch)
    assert provenance.count() == imported.count()
    assert all(p.position for p in provenance)
    assert {p.batch.format for p in provenance} == {format_name}


@pytest.mark.parametrize("format_name", CARD_FORMATS)
def test_cards_survive_a_round_trip(tagged_bank, course, target, instructor, format_name):
    _file, _batch, plan = transfer(instructor, course, target, format_name, kind=CARD)

    assert not plan.errors
    source_cards = card_facts(course)
    if format_name == "quizlet":  # term and definition only: every card comes back basic
        expected = sorted(
            ("basic", front, back, "", ()) for _k, front, back, _e, _t in source_cards
        )
    elif format_name == "anki_text":  # no card kinds; Anki's Basic note has no extra field
        expected = sorted(
            (k if k == "cloze" else "basic", front, back, extra if k == "cloze" else "", tags)
            for k, front, back, extra, tags in source_cards
        )
    else:
        expected = source_cards
    assert card_facts(target) == expected


@pytest.mark.parametrize("format_name", QUESTION_FORMATS)
def test_importing_the_same_file_again_skips_every_question(
    tagged_bank, course, target, instructor, format_name
):
    transfer(instructor, course, target, format_name)
    _file, batch, plan = transfer(instructor, course, target, format_name)

    assert batch.created_count == 0
    assert len(plan.skips) == Question.objects.filter(course=course).count()
    assert {e.reason for e in plan.skips} == {"already in this course's bank."}
    assert Question.objects.filter(course=target).count() == len(plan.skips)


@pytest.fixture(scope="module")
def sample_generation():
    """The bundled article's generation, run once for the module (parsing is the cost)."""
    from quizzes.generation.pipeline import generate
    from quizzes.sources.samples import sample_text

    return generate(sample_text())


@pytest.fixture
def sample_bank(course, instructor, sample_generation):
    """The bundled article's generated bank, stored the way the article job stores it."""
    from quizzes.models import Source
    from quizzes.sources.findings import generation_store
    from quizzes.sources.samples import SAMPLE_ARTICLE, sample_text

    text = sample_text()
    source = Source.objects.create(
        course=course, title=SAMPLE_ARTICLE["title"], original=text, text=text,
        checksum="sample", status="ready", created_by=instructor,
    )  # fmt: skip
    generation_store(source=source, generation=sample_generation)
    return source


def test_the_generated_bank_of_the_bundled_article_survives_every_format(
    sample_bank, course, target, instructor
):
    from quizzes.models import Card

    questions = question_facts(course)
    cards = card_facts(course)
    assert len(questions) >= 20
    assert {"mcq", "true_false", "cloze", "short_answer"} <= {q[0] for q in questions}
    for format_name in QUESTION_FORMATS:
        Question.objects.filter(course=target).delete()
        _file, _batch, plan = transfer(instructor, course, target, format_name)
        assert not plan.errors, (format_name, plan.problems()[:3])
        assert question_facts(target) == questions, format_name
    for format_name in ("apkg", "csv", "tsv"):
        Card.objects.filter(course=target).delete()
        _file, _batch, plan = transfer(instructor, course, target, format_name, kind=CARD)
        assert not plan.errors, (format_name, plan.problems()[:3])
        assert card_facts(target) == cards, format_name
