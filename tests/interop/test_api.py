"""The import and export API: the normal case, another user's course (404), bad input (400 with
the message) and the side effect in the database; and its place in the OpenAPI schema."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from quizzes.interop import gift
from quizzes.models import ImportBatch, ImportedItem, Question

pytestmark = pytest.mark.django_db

GIFT_FILE = b"// [tag:space]\nThe sun is a star. {T}\n\nThe Moon orbits {=Earth =the Earth}.\n"


def upload(data: bytes, name: str):
    file = io.BytesIO(data)
    file.name = name
    return file


def test_an_instructor_exports_the_bank_as_gift(api_as, instructor, course, bank):
    response = api_as(instructor).get(
        reverse("api:interop:question-export", args=[course.pk]), {"format": "gift"}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="foreign-policy-101-questions.gift"'
    )
    assert len(gift.read(response.content).items) == 5


def test_exports_take_the_banks_filters(api_as, instructor, course, bank):
    response = api_as(instructor).get(
        reverse("api:interop:question-export", args=[course.pk]), {"format": "gift", "type": "mcq"}
    )

    assert [i.type for i in gift.read(response.content).items] == ["mcq"]


def test_cards_export_as_an_anki_package(api_as, instructor, course, bank):
    response = api_as(instructor).get(
        reverse("api:interop:card-export", args=[course.pk]), {"format": "apkg"}
    )

    assert response.status_code == 200
    assert response.content[:2] == b"PK"
    assert response["Content-Disposition"].endswith('-cards.apkg"')


def test_a_deck_and_a_quiz_export(api_as, instructor, deck, quiz):
    client = api_as(instructor)
    deck_file = client.get(reverse("api:interop:deck-export", args=[deck.pk]), {"format": "csv"})
    quiz_file = client.get(
        reverse("api:interop:quiz-export", args=[quiz.pk]), {"format": "moodle_xml"}
    )

    assert deck_file.status_code == 200
    assert deck_file.content.decode("utf-8-sig").startswith("kind,front,back,extra,tags")
    assert quiz_file.status_code == 200
    assert b"<quiz>" in quiz_file.content


def test_a_format_that_cannot_carry_the_items_is_a_400(api_as, instructor, course, bank):
    response = api_as(instructor).get(
        reverse("api:interop:question-export", args=[course.pk]), {"format": "apkg"}
    )

    assert response.status_code == 400
    assert response.json()["field"] == "format"
    assert "moodle_xml, gift, qti3, qti21, csv, tsv" in response.json()["detail"]


@pytest.mark.parametrize("who", ["student", "outsider"])
def test_anyone_but_the_courses_instructors_gets_404(api_as, course, bank, request, who):
    client = api_as(request.getfixturevalue(who))
    export = client.get(
        reverse("api:interop:question-export", args=[course.pk]), {"format": "gift"}
    )
    imported = client.post(
        reverse("api:interop:course-imports", args=[course.pk]),
        {"file": upload(GIFT_FILE, "bank.gift")},
        format="multipart",
    )

    assert export.status_code == 404
    assert imported.status_code == 404
    assert not ImportBatch.objects.exists()


def test_an_import_saves_drafts_with_provenance(api_as, instructor, course):
    response = api_as(instructor).post(
        reverse("api:interop:course-imports", args=[course.pk]),
        {"file": upload(GIFT_FILE, "bank.gift")},
        format="multipart",
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["format"], body["created"], body["skipped"]) == (
        "done",
        "gift",
        2,
        0,
    )
    assert [(i["where"], i["outcome"], i["type"]) for i in body["items"]] == [
        ("line 2", "create", "true_false"),
        ("line 4", "create", "cloze"),
    ]
    questions = Question.objects.filter(course=course).order_by("pk")
    assert [(q.type, q.status, q.origin) for q in questions] == [
        ("true_false", "draft", "imported"),
        ("cloze", "draft", "imported"),
    ]
    assert [t.name for t in questions[0].tags.all()] == ["space"]
    assert [
        (p.batch.filename, p.batch.format, p.position) for p in ImportedItem.objects.order_by("pk")
    ] == [
        ("bank.gift", "gift", "line 2"),
        ("bank.gift", "gift", "line 4"),
    ]


def test_a_preview_saves_nothing(api_as, instructor, course):
    response = api_as(instructor).post(
        reverse("api:interop:course-imports", args=[course.pk]),
        {"file": upload(GIFT_FILE, "bank.gift"), "preview": "true"},
        format="multipart",
    )

    assert response.status_code == 200
    assert response.json()["status"] == "preview"
    assert [i["outcome"] for i in response.json()["items"]] == ["create", "create"]
    assert not Question.objects.filter(course=course).exists()
    assert not ImportBatch.objects.exists()


def test_a_bad_file_is_a_400_naming_the_line(api_as, instructor, course):
    response = api_as(instructor).post(
        reverse("api:interop:course-imports", args=[course.pk]),
        {"file": upload(b"The sun is a star. {T}\n\nMatch {=a -> b =c -> d}\n", "bank.gift")},
        format="multipart",
    )

    assert response.status_code == 400
    body = response.json()
    assert body["detail"].startswith("Nothing was imported: 1 item cannot be read.")
    assert body["problems"] == [
        {
            "field": "file",
            "message": "line 3: a matching question (“->”); Retain has no matching questions.",
        }
    ]
    assert not Question.objects.filter(course=course).exists()


def test_the_schema_documents_imports_and_exports(api_as, instructor):
    schema = api_as(instructor).get(reverse("api:schema"), {"format": "json"}).json()

    paths = schema["paths"]
    export = paths["/api/v1/courses/{id}/questions/export/"]["get"]
    names = {p["name"]: p for p in export["parameters"]}
    assert sorted(names["format"]["schema"]["enum"]) == [
        "csv",
        "gift",
        "moodle_xml",
        "qti21",
        "qti3",
        "tsv",
    ]
    assert "application/octet-stream" in export["responses"]["200"]["content"]
    assert "/api/v1/courses/{id}/cards/export/" in paths
    assert "/api/v1/quizzes/{id}/export/" in paths
    assert "/api/v1/decks/{id}/export/" in paths
    imports = paths["/api/v1/courses/{id}/imports/"]["post"]
    assert "multipart/form-data" in imports["requestBody"]["content"]
    assert {"200", "201", "400", "404"} <= set(imports["responses"])


def test_an_unknown_format_is_a_400(api_as, instructor, course):
    response = api_as(instructor).post(
        reverse("api:interop:course-imports", args=[course.pk]),
        {"file": upload(GIFT_FILE, "bank.gift"), "format": "docx"},
        format="multipart",
    )

    assert response.status_code == 400
    assert response.json()["problems"] == [{"field": "format", "message": "Unknown format “docx”."}]
