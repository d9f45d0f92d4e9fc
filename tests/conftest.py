"""Shared fixtures, chained: instructor → course → source; students enrolled in the course."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from quizzes.accounts.tokens import token_create
from quizzes.courses.services import course_create, course_join
from quizzes.models import Source
from quizzes.sources.services import source_create

PASSWORD = "correct-horse-battery"
# What the API's user throttle adds to a signed-in request's queries on the database cache (the
# tests' cache): a read of the count, and its write (the cache's cull count, a savepoint, a
# lookup, the update, the savepoint's release). Query budgets of API requests add it.
THROTTLE_QUERIES = 6


def make_user(username: str):
    return get_user_model().objects.create_user(username=username, password=PASSWORD)


@pytest.fixture
def instructor(db):
    return make_user("teacher")


@pytest.fixture
def student(db):
    return make_user("student")


@pytest.fixture
def outsider(db):
    """A user who belongs to another course, with its own article."""
    return make_user("outsider")


@pytest.fixture
def course(instructor, student):
    course = course_create(user=instructor, title="Foreign policy 101")
    course_join(user=student, join_code=course.join_code)
    return course


@pytest.fixture
def other_course(outsider):
    return course_create(user=outsider, title="Another course")


ARTICLE = (
    "The Amazon rainforest covers much of the Amazon basin of South America. "
    "The basin encompasses seven million square kilometres, of which five and a half million are "
    "covered by the rainforest. The region includes territory belonging to nine nations.\n\n"
    "The majority of the forest is contained within Brazil, with 60% of the rainforest, followed by "
    "Peru with 13% and Colombia with 10%."
)


@pytest.fixture
def source(course, instructor) -> Source:
    source, _ = source_create(
        course=course, user=instructor, text=ARTICLE, title="Amazon rainforest"
    )
    source.refresh_from_db()
    return source


@pytest.fixture
def other_source(other_course, outsider) -> Source:
    source, _ = source_create(course=other_course, user=outsider, text=ARTICLE, title="Theirs")
    return source


@pytest.fixture(autouse=True)
def _fresh_counters(request):
    """Throttles and lockouts count in the shared (database) cache: start each test with none, so
    one test's failed logins or requests never throttle another's — nor a process's batch of
    unsent counts (``BatchedWindow``) visit the cache in the middle of another test's query count."""
    from quizzes.core.api.throttles import UserThrottle

    UserThrottle.window.forget()
    uses_db = {"db", "transactional_db"} & set(request.fixturenames)
    if uses_db or request.node.get_closest_marker("django_db"):
        from django.core.cache import cache

        request.getfixturevalue("django_db_setup")
        with request.getfixturevalue("django_db_blocker").unblock():
            cache.clear()


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def api_as(api):
    """The API client signed in with the user's real token (not DRF's forced authentication,
    which the study endpoints' lean path does not read)."""

    def login(user):
        _token, key = token_create(user=user, origin="page")
        api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        return api

    return login


@pytest.fixture
def web_as(client):
    def login(user):
        client.force_login(user)
        return client

    return login


# --- Question bank: drafts on the Amazon article, stored the way the generator stores them. ---

BRAZIL_SENTENCE = (
    "The majority of the forest is contained within Brazil, with 60% of the rainforest, followed by "
    "Peru with 13% and Colombia with 10%."
)


def _span(source: Source, sentence: str) -> tuple[int, int, str]:
    start = source.cleaned_text.index(sentence)
    return start, start + len(sentence), sentence


@pytest.fixture
def term(source):
    from quizzes.models import Term

    if not source.cleaned_text:
        Source.objects.filter(pk=source.pk).update(cleaned_text=source.text)
        source.refresh_from_db()
    start, end, text = _span(source, BRAZIL_SENTENCE)
    # update_or_create: in a transactional test the generator may already have found "Brazil".
    term, _ = Term.objects.update_or_create(
        source=source,
        text="Brazil",
        defaults={
            "kind": "GPE",
            "evidence_start": start,
            "evidence_end": end,
            "evidence_text": text,
            "score": 0.9,
            "rank": 1,
        },
    )
    return term


@pytest.fixture
def claim(source, term):
    from quizzes.models import Claim

    start, end, text = _span(source, BRAZIL_SENTENCE)
    return Claim.objects.create(
        source=source,
        text=BRAZIL_SENTENCE,
        evidence_start=start,
        evidence_end=end,
        evidence_text=text,
        score=0.8,
        rank=1,
    )


@pytest.fixture
def bank(course, source, term, claim):
    """One generated draft of every question type and two sibling cards, keyed by type."""
    from quizzes.bank.kinds import CARD, QUESTION
    from quizzes.bank.services.items import item_create

    evidence = _span(source, BRAZIL_SENTENCE)
    common = {
        "course": course,
        "user": None,
        "source": source,
        "claim": claim,
        "origin": "generated",
        "evidence": evidence,
    }
    items = {
        "mcq": item_create(
            QUESTION,
            type="mcq",
            prompt="Which country holds most of the Amazon rainforest?",
            choices=[
                {"text": "Brazil", "correct": True},
                {"text": "Peru"},
                {"text": "Colombia"},
                {"text": "Venezuela"},
            ],
            explanation="“The majority of the forest is contained within Brazil.”",
            generator="mcq.claim_blank",
            score=0.9,
            **common,
        ),
        "mcq_multi": item_create(
            QUESTION,
            type="mcq_multi",
            prompt="Which countries hold at least 10% of the rainforest?",
            choices=[
                {"text": "Brazil", "correct": True},
                {"text": "Peru", "correct": True},
                {"text": "Chile"},
            ],
            generator="mcq.enumeration",
            score=0.5,
            **common,
        ),
        "true_false": item_create(
            QUESTION,
            type="true_false",
            prompt="Peru holds 13% of the Amazon rainforest.",
            truth=True,
            generator="true_false.claim",
            score=0.7,
            **common,
        ),
        "cloze": item_create(
            QUESTION,
            type="cloze",
            prompt="Fill in the blank: The majority of the forest is contained within _____.",
            accepted=["Brazil", "Brasil"],
            generator="cloze.claim",
            score=0.8,
            **common,
        ),
        "short_answer": item_create(
            QUESTION,
            type="short_answer",
            prompt="Which country holds 60% of the Amazon rainforest?",
            accepted=["Brazil"],
            generator="short_answer.which",
            score=0.6,
            **common,
        ),
        "card": item_create(
            CARD,
            kind="basic",
            front="Brazil",
            back="Holds 60% of the Amazon rainforest.",
            generator="flashcard.definition",
            score=0.7,
            term=term,
            **common,
        ),
        "card_cloze": item_create(
            CARD,
            kind="cloze",
            front="Peru holds _____ of the rainforest.",
            back="13%",
            generator="flashcard.claim_cloze",
            score=0.6,
            **common,
        ),
    }
    return items


# Quiz fixtures (bank → quiz) live in their own module; importing them here shares them.
from tests.quiz.fixtures import make_quiz, quiz, quiz_bank  # noqa: E402, F401

# --- Study (decks, FSRS schedules, reviews) ---


@pytest.fixture
def approved_cards(course, source):
    """Six approved cards of the article, in reading order: a term's basic and reverse cards
    (siblings), a claim's two cloze cards (siblings), and two cards without siblings."""
    from quizzes.models import Card, CardKind, ItemStatus

    specs = [
        (CardKind.BASIC, "Amazon basin", "The basin of South America's largest river", "term:1"),
        (
            CardKind.REVERSE,
            "South America's largest river basin: which term?",
            "Amazon basin",
            "term:1",
        ),
        (CardKind.CLOZE, "The basin covers _____ million square kilometres.", "seven", "claim:1"),
        (
            CardKind.CLOZE,
            "Five and a half million are covered by the _____.",
            "rainforest",
            "claim:1",
        ),
        (CardKind.BASIC, "Share of the rainforest in Brazil", "60%", ""),
        (CardKind.BASIC, "Nations with territory in the region", "nine", ""),
    ]
    return [
        Card.objects.create(
            course=course,
            source=source,
            kind=kind,
            front=front,
            back=back,
            sibling_key=key,
            status=ItemStatus.APPROVED,
            evidence_start=i * 10,
            evidence_end=i * 10 + 9,
            evidence_text=f"Sentence {i} of the article.",
        )
        for i, (kind, front, back, key) in enumerate(specs)
    ]


@pytest.fixture
def deck(source, instructor, approved_cards):
    """The published deck of the article."""
    from quizzes.study.services.decks import deck_from_source

    return deck_from_source(source=source, user=instructor, published=True)


@pytest.fixture
def enrolled(deck, student):
    """The student has started the deck: each card is a new card of theirs."""
    from quizzes.study.services.decks import deck_enrol

    deck_enrol(deck=deck, user=student)
    return deck


@pytest.fixture(autouse=True)
def _fresh_lti_followers():
    """The LTI listener keeps, per process, which courses have graded links or an LRS; a test's
    rolled-back rows (and reused ids) must not answer for the next test."""
    from quizzes.lti.listeners import forget_followers

    forget_followers()
    yield
    forget_followers()
