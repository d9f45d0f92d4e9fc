"""The review queue in the engine's order (``rank``) and "approve the best N" of an article, on
the page and through the API: likeliest keepers first, bad input refused, other people's
articles invisible."""

from __future__ import annotations

import pytest
from django.urls import reverse

from quizzes.bank.kinds import QUESTION
from quizzes.bank.selectors.review import review_queue
from quizzes.bank.services.best import bank_approve_best
from quizzes.models import Question

pytestmark = pytest.mark.django_db


@pytest.fixture
def ranked(bank):
    """The bank fixture's questions given an engine order unlike their score order: the
    engine put the true/false first and the multiple choice (best score) fourth; the
    multiple-answer question has no rank (written by hand)."""
    ranks = {"true_false": 1, "short_answer": 2, "cloze": 3, "mcq": 4, "mcq_multi": None}
    for name, rank in ranks.items():
        Question.objects.filter(pk=bank[name].pk).update(rank=rank)
    return bank


def test_the_review_queue_follows_the_engine_s_rank_then_the_score(ranked, instructor, source):
    queue = review_queue(instructor, source.pk, kind=QUESTION, status="draft")
    order = [entry.item.pk for entry in queue.entries]
    expected = ["true_false", "short_answer", "cloze", "mcq", "mcq_multi"]
    assert order == [ranked[name].pk for name in expected]


def test_approve_best_takes_likely_keepers_first(ranked, instructor, course, source):
    # Scores: mcq 0.9, cloze 0.8, true/false 0.7, short answer 0.6, multiple answer 0.5 —
    # all at or above the keep threshold; push two under it.
    Question.objects.filter(pk__in=[ranked["true_false"].pk, ranked["short_answer"].pk]).update(
        score=0.3
    )
    approved = bank_approve_best(
        course=course, source=source, user=instructor, questions=2, cards=0
    )
    assert approved.questions == [ranked["cloze"].pk, ranked["mcq"].pk]
    assert approved.cards == []
    again = bank_approve_best(course=course, source=source, user=instructor, questions=2, cards=0)
    assert set(again.questions).isdisjoint(approved.questions)  # it tops up


def test_the_review_page_approves_the_best_n(ranked, web_as, instructor, source):
    client = web_as(instructor)
    page = client.get(reverse("bank:bank-review", args=[source.pk]))
    assert b"Approve the best" in page.content
    url = reverse("bank:review-approve-best", args=[source.pk])
    response = client.post(url, {"kind": "questions", "count": "2"}, follow=True)
    assert response.status_code == 200
    assert b"Approved the 2 best questions." in response.content
    statuses = dict(Question.objects.values_list("pk", "status"))
    assert statuses[ranked["true_false"].pk] == "approved"
    assert statuses[ranked["short_answer"].pk] == "approved"
    assert statuses[ranked["cloze"].pk] == "draft"


@pytest.mark.parametrize(
    "data",
    [{"kind": "questions", "count": "0"}, {"kind": "questions", "count": "x"},
     {"kind": "terms", "count": "3"}, {"kind": "questions", "count": "1000"}, {}],
)  # fmt: skip
def test_the_review_page_refuses_a_bad_count_and_changes_nothing(
    ranked, web_as, instructor, source, data
):
    response = web_as(instructor).post(
        reverse("bank:review-approve-best", args=[source.pk]), data, follow=True
    )
    assert response.status_code == 200
    assert b"Give a number of items from 1 to 100." in response.content
    assert not Question.objects.filter(status="approved").exists()


def test_students_and_other_instructors_cannot_approve_best(
    ranked, web_as, student, outsider, source
):
    url = reverse("bank:review-approve-best", args=[source.pk])
    for user in (student, outsider):
        assert web_as(user).post(url, {"kind": "questions", "count": "2"}).status_code == 404
    assert web_as(student).get(url).status_code == 405
    assert not Question.objects.filter(status="approved").exists()


def test_the_api_approves_the_best_n(ranked, api_as, instructor, source):
    client = api_as(instructor)
    url = f"/api/v1/sources/{source.pk}/approve-best/"
    response = client.post(url, {"questions": 1, "cards": 1}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["questions"] == [ranked["true_false"].pk]
    assert len(response.json()["cards"]) == 1
    item = client.get(f"/api/v1/questions/{ranked['true_false'].pk}/").json()
    assert item["status"] == "approved"
    assert item["rank"] == 1


@pytest.mark.parametrize(
    "body", [{}, {"questions": 0, "cards": 0}, {"questions": -1}, {"cards": "many"},
             {"questions": 101}],
)  # fmt: skip
def test_the_api_refuses_bad_counts(ranked, api_as, instructor, source, body):
    response = api_as(instructor).post(
        f"/api/v1/sources/{source.pk}/approve-best/", body, format="json"
    )
    assert response.status_code == 400
    assert "detail" in response.json()
    assert not Question.objects.filter(status="approved").exists()


def test_the_api_hides_other_people_s_articles(ranked, api_as, student, outsider, source):
    for user in (student, outsider):
        response = api_as(user).post(
            f"/api/v1/sources/{source.pk}/approve-best/", {"questions": 2}, format="json"
        )
        assert response.status_code == 404
    assert not Question.objects.filter(status="approved").exists()


def test_approve_best_takes_the_questions_on_what_the_approved_cards_teach_first(
    bank, instructor, course, source, claim
):
    """The demo's deck and quiz: among likely keepers, a question on a claim or term an approved
    card teaches comes before a better-scored one on a claim no card teaches."""
    from quizzes.bank.kinds import CARD, QUESTION
    from quizzes.bank.services.items import item_create
    from quizzes.models import Card, Claim

    other = Claim.objects.create(
        source=source,
        text="Peru holds 13% of the Amazon rainforest.",
        evidence_start=claim.evidence_start,
        evidence_end=claim.evidence_end,
        evidence_text=claim.evidence_text,
        score=0.9,
        rank=0,
    )
    uncarded = item_create(
        QUESTION,
        course=course,
        user=None,
        source=source,
        claim=other,
        origin="generated",
        evidence=(claim.evidence_start, claim.evidence_end, claim.evidence_text),
        type="true_false",
        prompt="Peru holds 13% of the Amazon rainforest.",
        truth=True,
        generator="true_false.claim",
        score=0.99,
    )
    approved = bank_approve_best(
        course=course, source=source, user=instructor, questions=1, cards=1
    )
    card = Card.objects.get(pk=approved.cards[0])
    question = Question.objects.get(pk=approved.questions[0])
    assert question.pk != uncarded.pk
    assert QUESTION.topic(question) == CARD.topic(card)
    # Without an approved card the best-scored question comes first, as before.
    Card.objects.update(status="draft")
    Question.objects.update(status="draft")
    again = bank_approve_best(course=course, source=source, user=instructor, questions=1, cards=0)
    assert again.questions == [uncarded.pk]
