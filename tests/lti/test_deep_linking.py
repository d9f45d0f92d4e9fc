"""Deep Linking 2.0 against a real platform: the instructor picks a Retain activity, the platform
receives a signed LtiDeepLinkingResponse with a resource link (and a line item when graded),
and launching that link lands on the activity."""

from __future__ import annotations

import jwt
import pytest

from quizzes.models import Deck, DeckRule, LtiPlacement, LtiPlacementLink, PlacementKind
from tests.lti.conftest import form_of, page_text
from tests.lti.helpers import account, deep_link, published_quiz, set_up_course

pytestmark = [pytest.mark.urls("tests.lti.lms_urls"), pytest.mark.django_db(transaction=True)]

CONTENT_ITEMS = "https://purl.imsglobal.org/spec/lti-dl/claim/content_items"


def test_deep_linking_returns_a_quiz_with_its_line_item(lms, browser_factory):
    course = set_up_course(lms, browser_factory)
    quiz = published_quiz(course, account(lms, "teacher"), title="Cells quiz")
    teacher = browser_factory()

    link_id, answer = deep_link(lms, teacher, f"quiz:{quiz.pk}")

    _, fields = form_of(answer.text)
    message = jwt.decode(fields["JWT"], options={"verify_signature": False})
    assert message["iss"] == lms.client_id
    assert message["aud"] == [lms.issuer]
    assert (
        message["https://purl.imsglobal.org/spec/lti/claim/message_type"]
        == "LtiDeepLinkingResponse"
    )
    (item,) = message[CONTENT_ITEMS]
    placement = LtiPlacement.objects.get(quiz=quiz)
    assert item["type"] == "ltiResourceLink"
    assert item["title"] == "Cells quiz"
    assert item["custom"] == {"retain_placement": str(placement.pk)}
    assert item["lineItem"] == {
        "scoreMaximum": 100,
        "label": "Cells quiz",
        "resourceId": str(placement.pk),
        "tag": "retain",
    }
    # The platform verified the signature (with Retain's JWKS) and made the link and column.
    link = lms.resource_links[link_id]
    assert lms.line_items[link.line_item].score_maximum == 100
    assert answer.headers["Content-Security-Policy"].count(lms.url("").split("/lms")[0]) >= 1


def test_launching_the_linked_quiz_lands_on_it_and_records_the_line_item(
    lms, browser_factory, sites
):
    _retain, _ = sites
    course = set_up_course(lms, browser_factory)
    quiz = published_quiz(course, account(lms, "teacher"))
    link_id, _ = deep_link(lms, browser_factory(), f"quiz:{quiz.pk}")
    student = browser_factory()

    answer = student.launch(lms, "student", link_id)

    assert answer.headers["Location"] == f"/quizzes/{quiz.pk}/"
    page = student.follow(answer)
    assert page.status_code == 200
    assert "Start the quiz" in page.text
    stored = LtiPlacementLink.objects.select_related("line_item").get(
        resource_link__id_on_platform=link_id
    )
    assert stored.line_item.url == lms.url(
        f"contexts/bio-101/lineitems/{lms.resource_links[link_id].line_item}"
    )


def test_a_deck_is_linked_with_what_its_grade_counts(lms, browser_factory):
    course = set_up_course(lms, browser_factory)
    teacher = account(lms, "teacher")
    deck = Deck.objects.create(
        course=course, title="Cell terms", published=True, created_by=teacher
    )

    link_id, _ = deep_link(
        lms,
        browser_factory(),
        f"deck:{deck.pk}",
        deck_rule="reviews",
        reviews_target="20",
        reviews_due_at="2030-01-31T23:59",
    )

    placement = LtiPlacement.objects.get(deck=deck)
    assert (placement.deck_rule, placement.reviews_target) == (DeckRule.REVIEWS, 20)
    assert lms.resource_links[link_id].line_item is not None


def test_an_article_and_the_progress_page_are_linked_without_a_grade(lms, browser_factory):
    set_up_course(lms, browser_factory)

    link_id, _ = deep_link(lms, browser_factory(), "progress:")

    assert LtiPlacement.objects.get().kind == PlacementKind.PROGRESS
    assert lms.resource_links[link_id].line_item is None


def test_the_picker_refuses_an_unpublished_quiz(lms, browser_factory):
    course = set_up_course(lms, browser_factory)
    teacher_user = account(lms, "teacher")
    quiz = published_quiz(course, teacher_user)
    quiz.published_at = None
    quiz.save()
    teacher = browser_factory()
    picker = teacher.follow(teacher.deep_link(lms))
    _, fields = form_of(picker.text)

    answer = teacher.post(
        picker.url,
        {"csrfmiddlewaretoken": fields["csrfmiddlewaretoken"], "choice": f"quiz:{quiz.pk}"},
    )

    assert answer.status_code == 400
    assert "Publish the quiz before adding it" in page_text(answer)
    assert not LtiPlacement.objects.exists()


def test_the_picker_offers_only_this_courses_items(lms, browser_factory, instructor):
    from quizzes.courses.services import course_create

    course = set_up_course(lms, browser_factory)
    published_quiz(course, account(lms, "teacher"), title="Ours")
    elsewhere = course_create(user=instructor, title="Someone else's")
    theirs = published_quiz(elsewhere, instructor, title="Theirs")
    teacher = browser_factory()
    picker = teacher.follow(teacher.deep_link(lms))
    _, fields = form_of(picker.text)

    assert "Ours" in picker.text
    assert "Theirs" not in picker.text
    answer = teacher.post(
        picker.url,
        {"csrfmiddlewaretoken": fields["csrfmiddlewaretoken"], "choice": f"quiz:{theirs.pk}"},
    )
    assert answer.status_code == 400
    assert "Choose one of this course's quizzes" in page_text(answer)
