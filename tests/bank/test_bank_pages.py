"""Bank pages: scoping, the review queue, editors with errors next to fields, history, bulk."""

from __future__ import annotations

import pytest

from quizzes.bank.kinds import QUESTION
from quizzes.bank.services.items import item_approve, items_mark_shown
from quizzes.models import Card, ItemEvent, Question, QuestionVersion

pytestmark = pytest.mark.django_db


def choice_post(choices, *, prefix="choices"):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(choices)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "8",
    }
    for i, choice in enumerate(choices):
        data[f"{prefix}-{i}-id"] = choice.get("id", "")
        data[f"{prefix}-{i}-text"] = choice.get("text", "")
        data[f"{prefix}-{i}-ORDER"] = str(choice.get("order", i + 1))
        if choice.get("correct"):
            data[f"{prefix}-{i}-correct"] = "on"
        if choice.get("delete"):
            data[f"{prefix}-{i}-DELETE"] = "on"
    return data


def test_students_and_other_instructors_get_404_on_every_bank_page(
    web_as, student, outsider, course, source, bank
):
    question, card = bank["mcq"], bank["card"]
    urls = [
        f"/courses/{course.pk}/bank/",
        f"/courses/{course.pk}/bank/cards/",
        f"/courses/{course.pk}/bank/new/",
        f"/courses/{course.pk}/bank/cards/new/",
        f"/courses/{course.pk}/bank/duplicates/?type=mcq&prompt=x",
        f"/articles/{source.pk}/review/",
        f"/questions/{question.pk}/",
        f"/questions/{question.pk}/edit/",
        f"/cards/{card.pk}/",
        f"/cards/{card.pk}/edit/",
    ]
    for user in (student, outsider):
        client = web_as(user)
        for url in urls:
            assert client.get(url).status_code == 404, url
        assert client.post(f"/questions/{question.pk}/approve/").status_code == 404
        assert client.post(f"/cards/{card.pk}/delete/").status_code == 404
        bulk = client.post(
            f"/courses/{course.pk}/bank/bulk/",
            {"action": "approve", "scope": "selected", "ids": [question.pk]},
        )
        assert bulk.status_code == 404
    assert Question.objects.get(pk=question.pk).status == "draft"
    assert Card.objects.filter(pk=card.pk).exists()


def test_the_review_queue_shows_items_beside_the_article_with_the_evidence_marked(
    web_as, instructor, source, bank
):
    response = web_as(instructor).get(f"/articles/{source.pk}/review/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Which country holds most of the Amazon rainforest?" in page
    assert '<span class="key-correct">correct</span>' in page  # the correct choice is marked
    # The claim is the evidence sentence: shown once, as the evidence (its paragraph in place).
    assert "Tests the claim" not in page
    assert '<span class="key-label">Evidence:</span> The majority of the forest' in page
    assert '<mark class="evidence" id="evidence">The majority of the forest' in page
    assert 'Drafts <span class="chip-count">5</span>' in page  # counts per status
    assert 'data-key="approve"' in page
    assert "quizzes/review.js" in page


def test_the_review_queue_runs_a_bounded_number_of_queries(
    web_as, instructor, source, bank, django_assert_max_num_queries
):
    client = web_as(instructor)
    with django_assert_max_num_queries(20):
        assert client.get(f"/articles/{source.pk}/review/").status_code == 200


def test_the_card_queue_groups_siblings(web_as, instructor, source, bank):
    page = web_as(instructor).get(f"/articles/{source.pk}/review/?kind=cards").content.decode()
    assert "2 cards test the same claim" in page
    assert "studying one buries the others for the day" in page
    assert "Holds 60% of the Amazon rainforest." in page


def test_approving_from_the_queue_moves_to_the_next_item(web_as, instructor, source, bank):
    question = bank["mcq"]
    next_url = f"/articles/{source.pk}/review/?kind=questions&status=draft&item={bank['cloze'].pk}"
    response = web_as(instructor).post(f"/questions/{question.pk}/approve/", {"next": next_url})
    assert response.status_code == 302
    assert response["Location"] == next_url
    question.refresh_from_db()
    assert question.status == "approved"
    assert ItemEvent.objects.get(question=question, action="approve").actor == instructor


def test_an_unsafe_next_is_ignored(web_as, instructor, bank):
    question = bank["mcq"]
    response = web_as(instructor).post(
        f"/questions/{question.pk}/reject/", {"next": "https://evil.example/"}
    )
    assert response["Location"] == f"/questions/{question.pk}/"


def test_approving_broken_content_sends_the_instructor_to_the_editor(web_as, instructor, bank):
    question = bank["cloze"]
    QuestionVersion.objects.filter(pk=question.current_id).update(prompt="No blank.")
    response = web_as(instructor).post(f"/questions/{question.pk}/approve/", follow=True)
    page = response.content.decode()
    assert f"Edit question #{question.pk}" in page
    assert "Fix this question before approving it" in page


def test_editing_shows_each_problem_next_to_its_field(web_as, instructor, bank):
    question = bank["mcq"]
    data = {
        "prompt": "",
        "explanation": "",
        "difficulty": "9",
        **choice_post([{"text": "Brazil"}, {"text": "brazil"}]),
    }
    response = web_as(instructor).post(f"/questions/{question.pk}/edit/", data)
    assert response.status_code == 400
    assert "difficulty" in response.context["form"].errors  # not a choice: the form's own check
    data["difficulty"] = "3"
    response = web_as(instructor).post(f"/questions/{question.pk}/edit/", data)
    assert response.context["form"].errors["prompt"] == ["Write the question."]
    assert "Mark the correct choice." in response.context["choice_errors"]
    assert "Choices 1 and 2 say the same thing (“brazil”)." in response.context["choice_errors"]
    assert (
        '<p class="field-error" id="id_prompt_error">Write the question.</p>'
        in response.content.decode()
    )


def test_editing_a_distractor_after_approval_makes_version_two(web_as, instructor, bank):
    question = bank["mcq"]
    item_approve(item=question, user=instructor)
    choices = [dict(c, order=i + 1) for i, c in enumerate(question.current.choices)]
    choices[3]["text"] = "Ecuador"
    data = {
        "prompt": question.current.prompt,
        "explanation": question.current.explanation,
        "difficulty": "",
        "tags": "south america, week 1",
        **choice_post(choices),
    }
    response = web_as(instructor).post(f"/questions/{question.pk}/edit/", data, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Saved as version 2" in page
    question.refresh_from_db()
    assert question.current.number == 2
    assert [c["text"] for c in question.current.choices] == [
        "Brazil",
        "Peru",
        "Colombia",
        "Ecuador",
    ]
    assert question.versions.get(number=1).choices[3]["text"] == "Venezuela"
    assert sorted(t.name for t in question.tags.all()) == ["south america", "week 1"]
    # The history shows who changed what, with the distractor's old and new text.
    assert "saved version 2" in page
    assert "<del>Venezuela</del>" in page
    assert "<ins>Ecuador</ins>" in page


def test_reordering_and_removing_choices(web_as, instructor, bank):
    question = bank["mcq"]
    current = question.current.choices
    choices = [
        dict(current[2], order=1),
        dict(current[0], order=2),
        dict(current[1], order=3, delete=True),
        dict(current[3], order=4),
    ]
    data = {"prompt": question.current.prompt, "difficulty": "", **choice_post(choices)}
    web_as(instructor).post(f"/questions/{question.pk}/edit/", data)
    question.refresh_from_db()
    assert [c["text"] for c in question.current.choices] == ["Colombia", "Brazil", "Venezuela"]
    assert [c["id"] for c in question.current.choices] == ["c", "a", "d"]  # ids follow the choices


def test_save_and_approve_in_one_action(web_as, instructor, bank):
    question = bank["short_answer"]
    data = {
        "prompt": question.current.prompt,
        "accepted": "Brazil\nBrasil\n\nbrazil",
        "difficulty": "2",
        "approve": "1",
    }
    response = web_as(instructor).post(f"/questions/{question.pk}/edit/", data)
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == "approved"
    assert question.current.accepted == ["Brazil", "Brasil"]
    assert question.current.difficulty == 2


def test_authoring_every_question_type(web_as, instructor, course, source):
    client = web_as(instructor)
    posts = {
        "mcq": {
            "prompt": "Which country holds 13% of the forest?",
            **choice_post([{"text": "Peru", "correct": True}, {"text": "Chile"}, {}, {}]),
        },
        "mcq_multi": {
            "prompt": "Which countries share the forest?",
            **choice_post(
                [
                    {"text": "Peru", "correct": True},
                    {"text": "Brazil", "correct": True},
                    {"text": "Spain"},
                ]
            ),
        },
        "true_false": {"prompt": "Colombia holds 10% of the forest.", "truth": "true"},
        "cloze": {
            "prompt": "The basin encompasses {{seven million}} square kilometres.",
            "accepted": "7 million",
        },
        "short_answer": {"prompt": "How many nations share the basin?", "accepted": "nine\n9"},
    }
    for type_, data in posts.items():
        response = client.post(
            f"/courses/{course.pk}/bank/new/?type={type_}",
            {"type": type_, "difficulty": "", "source": source.pk, **data},
        )
        assert response.status_code == 302, (
            type_,
            response.context and response.context["form"].errors,
        )
        question = Question.objects.filter(type=type_).get()
        assert question.origin == "authored"
        assert question.source == source
        assert question.created_by == instructor
    assert Question.objects.get(type="cloze").current.accepted == ["seven million", "7 million"]
    assert Question.objects.get(type="true_false").current.truth is True


def test_authoring_a_near_duplicate_asks_for_confirmation(web_as, instructor, course, bank):
    client = web_as(instructor)
    data = {
        "type": "cloze",
        "prompt": "The majority of the forest is contained within ___.",
        "accepted": "Brazil",
        "difficulty": "",
    }
    response = client.post(f"/courses/{course.pk}/bank/new/?type=cloze", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "This nearly repeats" in page
    assert f"#{bank['cloze'].pk}" in page
    assert "Save it anyway" in page
    assert Question.objects.filter(origin="authored").count() == 0
    response = client.post(
        f"/courses/{course.pk}/bank/new/?type=cloze", {**data, "confirm_duplicate": "1"}
    )
    assert response.status_code == 302
    assert Question.objects.filter(origin="authored").count() == 1


def test_a_near_duplicate_card_is_saved_and_approved_once_confirmed(
    web_as, instructor, course, bank
):
    client = web_as(instructor)
    url = f"/courses/{course.pk}/bank/cards/new/"
    data = {"kind": "cloze", "front": "Peru holds {{13%}} of the rainforest.", "approve": "1"}
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert refused.context["duplicates"][0].id == bank["card_cloze"].pk
    assert 'name="confirm_duplicate"' in refused.content.decode()
    assert Card.objects.count() == 2
    saved = client.post(url, {**data, "confirm_duplicate": "1"}, follow=True)
    card = Card.objects.get(origin="authored")
    assert saved.redirect_chain == [(f"/cards/{card.pk}/", 302)]
    assert f"Card #{card.pk} approved." in saved.content.decode()
    assert (card.status, card.back) == ("approved", "13%")


def test_the_live_card_duplicate_check_returns_a_fragment(web_as, instructor, course, bank):
    query = {"kind": "basic", "front": "Brazil", "back": "Holds 60% of the Amazon rainforest"}
    url = f"/courses/{course.pk}/bank/cards/duplicates/"
    found = web_as(instructor).get(url, query).content.decode()
    assert f'href="/cards/{bank["card"].pk}/"' in found
    itself = web_as(instructor).get(url, {**query, "exclude": bank["card"].pk}).content.decode()
    assert "nearly repeats" not in itself


def test_the_live_duplicate_check_returns_a_fragment(web_as, instructor, course, bank):
    client = web_as(instructor)
    query = {
        "type": "true_false",
        "prompt": "Peru holds 13% of the Amazon rainforest",
        "truth": "true",
    }
    found = client.get(f"/courses/{course.pk}/bank/duplicates/", query).content.decode()
    assert f"#{bank['true_false'].pk}" in found
    itself = client.get(
        f"/courses/{course.pk}/bank/duplicates/", {**query, "exclude": bank["true_false"].pk}
    ).content.decode()
    assert "nearly repeats" not in itself


def test_the_editor_preview_shows_what_a_student_sees(web_as, instructor, bank):
    page = web_as(instructor).get(f"/questions/{bank['cloze'].pk}/edit/").content.decode()
    assert "As a student sees it" in page
    assert 'class="preview-blank"' in page
    assert "quizzes/editor.js" in page


def test_the_history_page_lists_versions_and_audit_entries(web_as, instructor, bank):
    question = bank["true_false"]
    items_mark_shown(QUESTION, ids=[question.pk])
    client = web_as(instructor)
    client.post(f"/questions/{question.pk}/reject/", {"reason": ""})
    data = {
        "prompt": "Peru holds 14% of the Amazon rainforest.",
        "truth": "false",
        "difficulty": "",
    }
    client.post(f"/questions/{question.pk}/edit/", data)
    page = client.get(f"/questions/{question.pk}/").content.decode()
    assert "Version 2" in page
    assert "Version 1" in page
    assert "teacher</strong> rejected" in page
    assert "teacher</strong> saved version 2" in page
    assert "<del>13</del><ins>14</ins>%" in page
    assert "Retain (generator)</strong> created version 1 (generated)" in page


def test_delete_archives_a_shown_question(web_as, instructor, bank):
    question = bank["mcq"]
    items_mark_shown(QUESTION, ids=[question.pk])
    response = web_as(instructor).post(f"/questions/{question.pk}/delete/", follow=True)
    assert "was archived" in response.content.decode()
    question.refresh_from_db()
    assert question.status == "archived"


def test_the_bank_list_filters_searches_and_sorts(web_as, instructor, course, bank):
    client = web_as(instructor)
    page = client.get(f"/courses/{course.pk}/bank/?type=cloze").content.decode()
    assert "1 question" in page
    assert "Fill in the blank: The majority" in page
    page = client.get(f"/courses/{course.pk}/bank/?q=venezuela").content.decode()
    assert "Which country holds most of the Amazon rainforest?" in page
    assert "1 question" in page
    assert client.get(f"/courses/{course.pk}/bank/?type=essay").status_code == 400
    cards = client.get(f"/courses/{course.pk}/bank/cards/?kind=cloze").content.decode()
    assert "Peru holds _____ of the rainforest." in cards


def test_bulk_approve_of_a_filtered_selection(web_as, instructor, course, bank):
    client = web_as(instructor)
    response = client.post(
        f"/courses/{course.pk}/bank/bulk/",
        {
            "action": "approve",
            "scope": "filtered",
            "query": "type=cloze",
            "next": f"/courses/{course.pk}/bank/",
        },
        follow=True,
    )
    assert "Approved 1 question." in response.content.decode()
    assert list(Question.objects.filter(status="approved")) == [bank["cloze"]]


def test_bulk_with_a_broken_item_changes_nothing_and_says_why(web_as, instructor, course, bank):
    broken = bank["cloze"]
    QuestionVersion.objects.filter(pk=broken.current_id).update(prompt="No blank.")
    response = web_as(instructor).post(
        f"/courses/{course.pk}/bank/bulk/",
        {"action": "approve", "scope": "selected", "ids": [bank["mcq"].pk, broken.pk]},
        follow=True,
    )
    page = response.content.decode()
    assert f"Question {broken.pk}: Fix this question before approving it" in page
    assert not Question.objects.filter(status="approved").exists()


def test_writing_and_editing_a_card(web_as, instructor, course, claim):
    client = web_as(instructor)
    response = client.post(
        f"/courses/{course.pk}/bank/cards/new/",
        {"kind": "cloze", "front": "Colombia holds {{10%}} of it.", "back": "", "claim": claim.pk},
    )
    assert response.status_code == 302
    card = Card.objects.get()
    assert card.back == "10%"
    bad = client.post(f"/cards/{card.pk}/edit/", {"kind": "basic", "front": "Colombia", "back": ""})
    assert bad.status_code == 400
    assert bad.context["form"].errors["back"] == ["Write the back of the card."]
    client.post(f"/cards/{card.pk}/approve/")
    client.post(
        f"/cards/{card.pk}/edit/",
        {
            "kind": "cloze",
            "front": "Colombia holds _____ of it.",
            "back": "10%",
            "extra": "Source.",
        },
    )
    page = client.get(f"/cards/{card.pk}/").content.decode()
    assert "Version 2" in page
    assert "<ins>Source.</ins>" in page


def test_the_course_page_links_to_the_bank(web_as, instructor, course):
    page = web_as(instructor).get(f"/courses/{course.pk}/").content.decode()
    assert f"/courses/{course.pk}/bank/" in page


def test_trying_an_answer_matches_the_way_grading_does(web_as, instructor, student, course):
    url = f"/courses/{course.pk}/bank/answer-check/"
    client = web_as(instructor)
    hit = client.get(
        url, {"type": "short_answer", "accepted": "Kim Jong-un\nKim", "answer": " kim jong un"}
    )
    assert hit.content.decode() == "✓ Accepted: matches “Kim Jong-un”."
    miss = client.get(url, {"type": "short_answer", "accepted": "Kim Jong-un", "answer": "Trump"})
    assert miss.content.decode() == "✗ Not accepted: no answer matches."
    braces = client.get(url, {"type": "cloze", "prompt": "It is in {{the U.S.}}.", "answer": "US"})
    assert "matches “the U.S.”" in braces.content.decode()
    assert web_as(student).get(url, {"answer": "x"}).status_code == 404
