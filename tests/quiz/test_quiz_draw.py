"""A random draw never puts two questions on the same claim, evidence sentence or list into one
attempt while the pool has others; the builder says when it cannot help it."""

from __future__ import annotations

import pytest

from quizzes.models import Claim, QuestionVersion
from quizzes.quiz.selectors.draw import distinct_facts, draw_distinct, fact_keys
from quizzes.quiz.selectors.quizzes import quiz_slots
from quizzes.quiz.services.attempts import layout_draw
from quizzes.quiz.services.quizzes import quiz_create, slot_add_fixed, slot_add_random
from tests.quiz.fixtures import make_question

pytestmark = pytest.mark.django_db


def claim(source, text: str, enumeration: str = "") -> Claim:
    return Claim.objects.create(
        source=source, text=text, evidence_text=text, enumeration=enumeration
    )


def on(course, source, fact: Claim | None, sentence: str, n: int):
    """A question testing ``fact`` (or none), cut from ``sentence``."""
    question = make_question(
        course=course, source=source, prompt=f"Q{n} about {sentence[:20]}", evidence_text=sentence
    )
    question.claim = fact
    question.save(update_fields=["claim"])
    return question


@pytest.fixture
def pool(course, source):
    """Nine questions on five facts: three on claim A (two cut from its sentence, one from another
    wording), two on sentence S (no claim), two items of one list, and two on facts of their own."""
    a = claim(source, "Brazil holds 60% of the rainforest.")
    first = claim(source, "Peru holds 13%.", enumeration="Three nations hold most of it")
    second = claim(source, "Colombia holds 10%.", enumeration="Three nations hold  most of it ")
    lone = claim(source, "The basin covers seven million square kilometres.")
    return [
        on(course, source, a, a.text, 1),
        on(course, source, a, a.text, 2),
        on(course, source, a, "Most of the forest lies in Brazil.", 3),
        on(course, source, None, "Nine nations share the region.", 4),
        on(course, source, None, "Nine nations  share the region.", 5),
        on(course, source, first, first.text, 6),
        on(course, source, second, second.text, 7),
        on(course, source, lone, lone.text, 8),
        on(course, source, None, "", 9),  # written by hand, no evidence: a fact of its own
    ]


def facts_of(questions) -> list[frozenset]:
    return [fact_keys(q) for q in questions]


def shares_a_fact(keys: list[frozenset]) -> bool:
    return any(a & b for i, a in enumerate(keys) for b in keys[i + 1 :])


def test_the_pool_holds_five_facts(pool):
    assert distinct_facts(pool) == 5


def test_every_draw_of_as_many_as_the_facts_has_one_question_per_fact(course, instructor, pool):
    quiz = quiz_create(course=course, user=instructor, title="Draw")
    slot_add_random(quiz=quiz, user=instructor, count=5)
    for seed in range(60):
        layout = layout_draw(quiz=quiz, user=instructor, seed=seed)
        drawn = [next(q for q in pool if q.pk == e["question"]) for e in layout]
        assert len(drawn) == 5
        assert not shares_a_fact(facts_of(drawn)), f"seed {seed} drew two on one fact"


def test_a_draw_larger_than_the_facts_still_fills_and_the_builder_says_so(
    client, course, instructor, pool
):
    quiz = quiz_create(course=course, user=instructor, title="Draw")
    slot = slot_add_random(quiz=quiz, user=instructor, count=7)
    layout = layout_draw(quiz=quiz, user=instructor, seed=3)
    assert len(layout) == 7  # the pool does not allow it: questions on a fact already drawn
    [listed] = quiz_slots(quiz)
    assert (listed.pk, listed.distinct) == (slot.pk, 5)
    client.force_login(instructor)
    html = client.get(f"/quizzes/{quiz.pk}/edit/").content.decode()
    assert "Only 5 of the matching questions test different claims or sentences" in html


def test_a_random_draw_avoids_the_facts_of_fixed_questions(course, instructor, pool):
    quiz = quiz_create(course=course, user=instructor, title="Draw")
    slot_add_fixed(quiz=quiz, user=instructor, question=pool[0])  # claim A
    slot_add_random(quiz=quiz, user=instructor, count=4)
    [_fixed, random] = quiz_slots(quiz)
    assert random.distinct == 4
    for seed in range(40):
        layout = layout_draw(quiz=quiz, user=instructor, seed=seed)
        drawn = [next(q for q in pool if q.pk == e["question"]) for e in layout]
        assert not shares_a_fact(facts_of(drawn)), f"seed {seed}"


def test_the_builder_points_out_fixed_questions_on_one_fact(client, course, instructor, pool):
    quiz = quiz_create(course=course, user=instructor, title="Fixed")
    for question in (pool[0], pool[7], pool[2]):
        slot_add_fixed(quiz=quiz, user=instructor, question=question)
    assert [s.same_fact_as for s in quiz_slots(quiz)] == [[], [], [1]]
    client.force_login(instructor)
    html = client.get(f"/quizzes/{quiz.pk}/edit/").content.decode()
    assert "Tests the same claim or sentence as question 1" in html


def test_fact_keys_follow_the_version_shown(course, source, pool):
    question = pool[3]
    pinned = QuestionVersion.objects.create(
        question=question, number=2, prompt="Other", evidence_text="Another sentence."
    )
    assert ("sentence", source.pk, "another sentence.") in fact_keys(question, pinned)
    assert ("sentence", source.pk, "nine nations share the region.") in fact_keys(question)


def test_draw_distinct_keeps_the_order_of_preference(pool):
    picked = draw_distinct([pool[1], pool[0], pool[3], pool[4], pool[7]], 3)
    assert picked == [pool[1], pool[3], pool[7]]
    assert draw_distinct(pool[:3], 2) == [pool[0], pool[1]]  # one fact only: best first
