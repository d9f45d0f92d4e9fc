"""API: /api/v1/questions/ and /api/v1/cards/ — scoping, validation, versions, bulk, audit, schema."""

from __future__ import annotations

import pytest

from quizzes.bank.kinds import QUESTION
from quizzes.bank.services.items import item_approve, items_mark_shown
from quizzes.models import Card, ItemEvent, Question, QuestionVersion
from tests.conftest import THROTTLE_QUERIES

pytestmark = pytest.mark.django_db

MCQ = {
    "type": "mcq",
    "prompt": "Which country holds most of the Amazon rainforest?",
    "choices": [
        {"text": "Brazil", "correct": True},
        {"text": "Peru"},
        {"text": "Chile"},
    ],
    "explanation": "Brazil holds 60%.",
    "tags": ["Geography"],
}


def test_an_instructor_creates_a_question(api_as, instructor, course, source, claim):
    response = api_as(instructor).post(
        "/api/v1/questions/",
        {**MCQ, "course": course.pk, "claim": claim.pk},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "draft"
    assert body["source"] == source.pk
    assert body["claim"] == {"id": claim.pk, "text": claim.text}
    assert body["current"]["number"] == 1
    assert [c["id"] for c in body["current"]["choices"]] == ["a", "b", "c"]
    assert body["current"]["evidence"]["text"] == claim.evidence_text
    assert body["tags"] == ["Geography"]
    assert body["duplicates"] == []
    question = Question.objects.get(pk=body["id"])
    assert question.created_by == instructor
    assert ItemEvent.objects.get(question=question).action == "create"


def test_creating_a_near_duplicate_warns_and_asks_for_confirmation(
    api_as, instructor, course, bank
):
    client = api_as(instructor)
    data = {
        "course": course.pk,
        "type": "cloze",
        "prompt": "The majority of the forest is contained within {{Brazil}}!",
    }
    refused = client.post("/api/v1/questions/", data, format="json")
    assert refused.status_code == 409
    body = refused.json()
    assert body["field"] == "confirm_duplicate"
    assert bank["cloze"].pk in [d["id"] for d in body["duplicates"]]
    assert not Question.objects.filter(origin="authored").exists()
    response = client.post("/api/v1/questions/", {**data, "confirm_duplicate": True}, format="json")
    assert response.status_code == 201
    duplicates = response.json()["duplicates"]
    assert bank["cloze"].pk in [d["id"] for d in duplicates]
    assert Question.objects.filter(origin="authored").count() == 1


def test_a_near_duplicate_card_asks_for_confirmation_too(api_as, instructor, course, bank):
    client = api_as(instructor)
    data = {
        "course": course.pk,
        "kind": "basic",
        "front": "Brazil",
        "back": "Holds 60% of the Amazon rainforest!",
    }
    refused = client.post("/api/v1/cards/", data, format="json")
    assert refused.status_code == 409
    assert [d["id"] for d in refused.json()["duplicates"]] == [bank["card"].pk]
    assert Card.objects.count() == 2
    created = client.post("/api/v1/cards/", {**data, "confirm_duplicate": True}, format="json")
    assert created.status_code == 201
    assert [d["id"] for d in created.json()["duplicates"]] == [bank["card"].pk]
    assert Card.objects.count() == 3


def test_a_duplicate_of_a_rejected_item_is_no_duplicate(api_as, instructor, course, bank):
    client = api_as(instructor)
    client.post(f"/api/v1/questions/{bank['cloze'].pk}/reject/")
    response = client.post(
        "/api/v1/questions/",
        {
            "course": course.pk,
            "type": "cloze",
            "prompt": "The majority of the forest is contained within {{Brazil}}!",
        },
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["duplicates"] == []


def test_invalid_content_is_400_with_every_problem_by_field(api_as, instructor, course):
    response = api_as(instructor).post(
        "/api/v1/questions/",
        {
            "course": course.pk,
            "type": "mcq",
            "prompt": "Which?",
            "choices": [{"text": "Brazil", "correct": True}, {"text": "brazil"}],
        },
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["field"] == "choices"
    assert body["choices"] == ["Choices 1 and 2 say the same thing (“brazil”)."]
    assert body["problems"][0]["field"] == "choices"
    assert Question.objects.count() == 0
    missing = api_as(instructor).post(
        "/api/v1/questions/", {"course": course.pk, "type": "essay"}, format="json"
    )
    assert missing.status_code == 400
    assert set(missing.json()) >= {"type", "prompt"}


def test_a_true_false_without_truth_is_400_on_the_truth_field(api_as, instructor, course):
    response = api_as(instructor).post(
        "/api/v1/questions/",
        {"course": course.pk, "type": "true_false", "prompt": "Peru holds 13%."},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["truth"] == ["Say whether the statement is true or false."]


def test_links_outside_the_course_are_400(api_as, instructor, course, other_source):
    response = api_as(instructor).post(
        "/api/v1/questions/",
        {**MCQ, "course": course.pk, "source": other_source.pk},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "source"


def test_students_and_other_instructors_get_404_everywhere(api_as, student, outsider, bank, course):
    question, card = bank["mcq"], bank["card"]
    for user in (student, outsider):
        client = api_as(user)
        assert client.get("/api/v1/questions/").json()["count"] == 0
        assert client.get("/api/v1/cards/").json()["count"] == 0
        for base, item in (("questions", question), ("cards", card)):
            assert client.get(f"/api/v1/{base}/{item.pk}/").status_code == 404
            assert (
                client.patch(
                    f"/api/v1/{base}/{item.pk}/", {"extra": "x"}, format="json"
                ).status_code
                == 404
            )
            assert client.delete(f"/api/v1/{base}/{item.pk}/").status_code == 404
            assert client.get(f"/api/v1/{base}/{item.pk}/versions/").status_code == 404
            assert client.get(f"/api/v1/{base}/{item.pk}/events/").status_code == 404
            assert client.post(f"/api/v1/{base}/{item.pk}/approve/").status_code == 404
            assert client.post(f"/api/v1/{base}/{item.pk}/reject/").status_code == 404
        create = client.post("/api/v1/questions/", {**MCQ, "course": course.pk}, format="json")
        assert create.status_code == 404
    assert Question.objects.get(pk=question.pk).status == "draft"
    assert Card.objects.filter(pk=card.pk).exists()


def test_list_filters_search_and_sorts(api_as, instructor, bank, source):
    client = api_as(instructor)
    item_approve(item=bank["true_false"], user=instructor)

    def ids(query):
        return [q["id"] for q in client.get(f"/api/v1/questions/?{query}").json()["results"]]

    assert ids("type=cloze") == [bank["cloze"].pk]
    assert ids("status=approved") == [bank["true_false"].pk]
    assert ids(f"source={source.pk}&sort=score")[0] == bank["mcq_multi"].pk
    assert ids("sort=-score")[0] == bank["mcq"].pk
    assert ids("score_min=0.75") == [bank["mcq"].pk, bank["cloze"].pk]
    assert ids("q=venezuela") == [bank["mcq"].pk]  # found among the choices
    assert ids("q=brasil") == [bank["cloze"].pk]  # found among the accepted answers
    client.post(
        "/api/v1/questions/bulk/",
        {"ids": [bank["cloze"].pk], "action": "tag", "tags": ["Week 1"]},
        format="json",
    )
    assert ids("tag=week%201") == [bank["cloze"].pk]
    assert client.get("/api/v1/questions/?type=essay").status_code == 400


def test_the_list_runs_a_fixed_number_of_queries(
    api_as, instructor, bank, django_assert_max_num_queries
):
    client = api_as(instructor)
    with django_assert_max_num_queries(6 + THROTTLE_QUERIES):
        response = client.get("/api/v1/questions/")
    assert response.json()["count"] == 5


def test_patch_amends_an_unshown_draft(api_as, instructor, bank):
    question = bank["mcq"]
    response = api_as(instructor).patch(
        f"/api/v1/questions/{question.pk}/", {"explanation": "Brazil: 60%."}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["change"] == "amended"
    assert response.json()["current"]["number"] == 1
    assert QuestionVersion.objects.filter(question=question).count() == 1


def test_patch_after_it_was_shown_makes_version_two_and_keeps_version_one(api_as, instructor, bank):
    question = bank["mcq"]
    items_mark_shown(QUESTION, ids=[question.pk])
    choices = [dict(c) for c in question.current.choices]
    choices[2]["text"] = "Ecuador"
    client = api_as(instructor)
    response = client.patch(
        f"/api/v1/questions/{question.pk}/", {"choices": choices}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["change"] == "new_version"
    assert response.json()["current"]["number"] == 2
    versions = client.get(f"/api/v1/questions/{question.pk}/versions/").json()
    assert [v["number"] for v in versions] == [2, 1]
    assert versions[0]["current"] is True
    assert versions[1]["choices"][2]["text"] == "Colombia"
    assert versions[0]["changes"]["choices"][1][2]["text"] == "Ecuador"
    assert versions[0]["created_by"] == "teacher"


def test_put_replaces_the_content(api_as, instructor, bank):
    question = bank["short_answer"]
    response = api_as(instructor).put(
        f"/api/v1/questions/{question.pk}/",
        {"prompt": "Which country holds most of it?", "accepted": ["Brazil"]},
        format="json",
    )
    assert response.status_code == 200
    question.refresh_from_db()
    assert question.current.explanation == ""
    bad = api_as(instructor).put(
        f"/api/v1/questions/{question.pk}/", {"accepted": ["x"]}, format="json"
    )
    assert bad.status_code == 400
    assert "prompt" in bad.json()


def test_an_invalid_edit_is_400_and_changes_nothing(api_as, instructor, bank):
    question = bank["cloze"]
    response = api_as(instructor).patch(
        f"/api/v1/questions/{question.pk}/", {"prompt": "No blank in this one."}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["field"] == "prompt"
    question.refresh_from_db()
    assert "_____" in question.current.prompt


def test_approve_reject_and_the_audit_trail(api_as, instructor, bank):
    client = api_as(instructor)
    question = bank["true_false"]
    approved = client.post(f"/api/v1/questions/{question.pk}/approve/")
    assert approved.status_code == 200
    assert approved.json()["status"] == "approved"
    rejected = client.post(
        f"/api/v1/questions/{question.pk}/reject/", {"reason": "Ambiguous"}, format="json"
    )
    assert rejected.json()["status"] == "rejected"
    events = client.get(f"/api/v1/questions/{question.pk}/events/").json()
    assert [(e["action"], e["actor"]) for e in events] == [
        ("create", None),
        ("approve", "teacher"),
        ("reject", "teacher"),
    ]
    assert events[2]["detail"]["reason"] == "Ambiguous"


def test_approving_broken_content_is_400(api_as, instructor, bank):
    question = bank["mcq"]
    QuestionVersion.objects.filter(pk=question.current_id).update(choices=[])
    response = api_as(instructor).post(f"/api/v1/questions/{question.pk}/approve/")
    assert response.status_code == 400
    assert response.json()["detail"].startswith("Fix this question before approving it")


def test_delete_removes_an_unseen_question_and_archives_a_seen_one(api_as, instructor, bank):
    client = api_as(instructor)
    unseen, seen = bank["mcq"], bank["cloze"]
    assert client.delete(f"/api/v1/questions/{unseen.pk}/").status_code == 204
    assert not Question.objects.filter(pk=unseen.pk).exists()
    items_mark_shown(QUESTION, ids=[seen.pk])
    response = client.delete(f"/api/v1/questions/{seen.pk}/")
    assert response.status_code == 200
    assert response.json()["status"] == "archived"
    assert client.get("/api/v1/questions/").json()["count"] == 3  # archived ones leave the list
    assert client.get("/api/v1/questions/?status=archived").json()["count"] == 1


def test_bulk_is_atomic_and_explains_what_is_wrong(api_as, instructor, bank):
    client = api_as(instructor)
    ids = [bank["mcq"].pk, bank["cloze"].pk]
    bad = client.post(
        "/api/v1/questions/bulk/", {"ids": [*ids, 987654], "action": "approve"}, format="json"
    )
    assert bad.status_code == 400
    assert "987654" in bad.json()["detail"]
    assert "nothing was changed" in bad.json()["detail"]
    assert not Question.objects.filter(status="approved").exists()
    good = client.post("/api/v1/questions/bulk/", {"ids": ids, "action": "approve"}, format="json")
    assert good.status_code == 200
    assert good.json() == {"action": "approve", "ids": ids, "changed": 2}
    assert set(Question.objects.filter(status="approved").values_list("id", flat=True)) == set(ids)
    unknown_action = client.post(
        "/api/v1/questions/bulk/", {"ids": ids, "action": "publish"}, format="json"
    )
    assert unknown_action.status_code == 400


def test_cards_have_the_same_shape(api_as, instructor, course, bank, claim):
    client = api_as(instructor)
    created = client.post(
        "/api/v1/cards/",
        {
            "course": course.pk,
            "kind": "cloze",
            "front": "Colombia holds {{10%}} of it.",
            "claim": claim.pk,
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    card = created.json()
    assert (card["front"], card["back"]) == ("Colombia holds _____ of it.", "10%")
    assert card["sibling_key"] == bank["card"].sibling_key
    client.post(f"/api/v1/cards/{card['id']}/approve/")
    edited = client.patch(
        f"/api/v1/cards/{card['id']}/", {"extra": "From the article."}, format="json"
    )
    assert edited.json()["change"] == "new_version"
    versions = client.get(f"/api/v1/cards/{card['id']}/versions/").json()
    assert [v["number"] for v in versions] == [2, 1]
    assert versions[0]["changes"] == {"extra": ["", "From the article."]}
    assert client.get("/api/v1/cards/?kind=cloze&status=approved").json()["count"] == 1
    bad = client.post("/api/v1/cards/", {"course": course.pk, "front": "CVID"}, format="json")
    assert bad.status_code == 400
    assert bad.json()["back"] == ["Write the back of the card."]
    bulk = client.post(
        "/api/v1/cards/bulk/", {"ids": [bank["card"].pk], "action": "reject"}, format="json"
    )
    assert bulk.json()["changed"] == 1
    assert client.delete(f"/api/v1/cards/{bank['card'].pk}/").status_code == 204


def test_the_schema_documents_the_bank_and_its_errors(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    paths = schema["paths"]
    for path in (
        "/api/v1/questions/",
        "/api/v1/questions/{id}/",
        "/api/v1/questions/{id}/versions/",
        "/api/v1/questions/{id}/approve/",
        "/api/v1/questions/{id}/reject/",
        "/api/v1/questions/bulk/",
        "/api/v1/cards/",
        "/api/v1/cards/{id}/versions/",
        "/api/v1/cards/bulk/",
    ):
        assert path in paths, path
    detail = paths["/api/v1/questions/{id}/"]
    assert {"200", "400", "404"} <= set(detail["patch"]["responses"])
    assert {"204", "200"} <= set(detail["delete"]["responses"])
    params = {p["name"] for p in paths["/api/v1/questions/"]["get"]["parameters"]}
    assert {"q", "type", "status", "tag", "source", "score_min", "sort"} <= params
