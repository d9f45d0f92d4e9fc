"""The import and export pages: upload, preview (created, skipped and why, errors by line),
confirm or cancel; the export page and its downloads; 404 for anyone but the instructors."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from quizzes.interop import gift
from quizzes.models import ImportBatch, ImportedItem, Question

pytestmark = pytest.mark.django_db

GIFT_FILE = (
    b"The sun is a star. {T}\n\n"
    b"The Moon orbits {=Earth}.\n\n"
    b"The sun is a star. {T}\n"  # repeats line 1
)


def post_file(client, course, data: bytes, name: str = "bank.gift", **extra):
    return client.post(
        reverse("interop:import-new", args=[course.pk]),
        {"file": SimpleUploadedFile(name, data), **extra},
    )


def test_the_bank_page_links_to_import_and_export(web_as, instructor, course, bank):
    page = web_as(instructor).get(reverse("bank:bank", args=[course.pk]) + "?status=draft")

    assert reverse("interop:import-new", args=[course.pk]) in page.content.decode()
    assert (
        reverse("interop:export", args=[course.pk]) + "?what=questions&amp;status=draft"
        in page.content.decode()
    )


def test_an_upload_shows_its_preview_and_saves_nothing_yet(web_as, instructor, course):
    client = web_as(instructor)
    response = post_file(client, course, GIFT_FILE)
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("interop:import-detail", args=[batch.pk])

    page = client.get(response["Location"])
    text = page.content.decode()
    assert "<strong>2</strong> to create as drafts" in text
    assert "Skip: repeats line 1 of this file." in text
    assert "Import 2 drafts" in text
    assert not Question.objects.filter(course=course).exists()


def test_confirming_imports_the_drafts_and_opens_them_for_review(web_as, instructor, course):
    client = web_as(instructor)
    post_file(client, course, GIFT_FILE)
    batch = ImportBatch.objects.get()

    response = client.post(reverse("interop:import-detail", args=[batch.pk]), {"action": "confirm"})

    assert response.status_code == 302
    assert (
        response["Location"]
        == reverse("bank:bank", args=[course.pk]) + "?status=draft&origin=imported"
    )
    batch.refresh_from_db()
    assert (batch.status, batch.created_count, batch.skipped_count, bytes(batch.data)) == (
        "done",
        2,
        1,
        b"",
    )
    assert Question.objects.filter(course=course, status="draft", origin="imported").count() == 2
    assert sorted(ImportedItem.objects.values_list("position", flat=True)) == ["line 1", "line 3"]
    listed = client.get(response["Location"]).content.decode()
    assert "The Moon orbits _____." in listed
    # A second confirmation changes nothing.
    again = client.post(
        reverse("interop:import-detail", args=[batch.pk]), {"action": "confirm"}, follow=True
    )
    assert "This import is already imported." in again.content.decode()
    assert Question.objects.filter(course=course).count() == 2


def test_filed_under_an_article_the_drafts_are_in_its_review_queue(
    web_as, instructor, course, source
):
    client = web_as(instructor)
    post_file(client, course, GIFT_FILE, source=source.pk)
    batch = ImportBatch.objects.get()

    response = client.post(reverse("interop:import-detail", args=[batch.pk]), {"action": "confirm"})

    assert response["Location"] == reverse("bank:bank-review", args=[source.pk])
    queue = client.get(response["Location"]).content.decode()
    assert "The Moon orbits _____." in queue


def test_cancelling_saves_nothing(web_as, instructor, course):
    client = web_as(instructor)
    post_file(client, course, GIFT_FILE)
    batch = ImportBatch.objects.get()

    response = client.post(reverse("interop:import-detail", args=[batch.pk]), {"action": "cancel"})

    assert response.status_code == 302
    batch.refresh_from_db()
    assert (batch.status, bytes(batch.data)) == ("cancelled", b"")
    assert not Question.objects.filter(course=course).exists()


def test_errors_are_listed_by_line_and_block_the_import(web_as, instructor, course):
    client = web_as(instructor)
    post_file(client, course, b"The sun is a star. {T}\n\nWhat is 2+2? {}\n")
    batch = ImportBatch.objects.get()

    text = client.get(reverse("interop:import-detail", args=[batch.pk])).content.decode()

    assert "<strong>line 3</strong>: an essay question" in text
    assert "Import 1 draft" not in text
    refused = client.post(
        reverse("interop:import-detail", args=[batch.pk]), {"action": "confirm"}, follow=True
    )
    assert "Nothing was imported" in refused.content.decode()
    assert not Question.objects.filter(course=course).exists()


def test_an_unreadable_file_is_refused_on_the_upload_page(web_as, instructor, course):
    response = post_file(web_as(instructor), course, b"<quiz><question></quiz>", "bank.xml")

    assert response.status_code == 400
    assert (
        "line 1, column 19: The Moodle XML file is not well-formed XML (mismatched tag)."
        in response.content.decode()
    )
    assert not ImportBatch.objects.exists()


def test_the_export_page_downloads_the_banks_selection(web_as, instructor, course, bank):
    client = web_as(instructor)
    page = client.get(
        reverse("interop:export", args=[course.pk]), {"what": "questions", "type": "mcq"}
    )
    assert page.status_code == 200
    assert 'name="type" value="mcq"' in page.content.decode()

    response = client.get(
        reverse("interop:export", args=[course.pk]),
        {"what": "questions", "type": "mcq", "format": "gift"},
    )

    assert (
        response["Content-Disposition"]
        == 'attachment; filename="foreign-policy-101-questions.gift"'
    )
    assert [i.type for i in gift.read(response.content).items] == ["mcq"]


def test_the_export_page_downloads_a_deck(web_as, instructor, course, deck):
    response = web_as(instructor).get(
        reverse("interop:export", args=[course.pk]),
        {"what": "deck", "deck": deck.pk, "format": "quizlet"},
    )

    assert response.status_code == 200
    assert len(response.content.decode().strip().split("\n")) == 6


@pytest.mark.parametrize("who", ["student", "outsider"])
def test_anyone_but_the_instructors_gets_404(web_as, instructor, course, request, who):
    post_file(web_as(instructor), course, GIFT_FILE)
    batch = ImportBatch.objects.get()
    client = web_as(request.getfixturevalue(who))

    assert client.get(reverse("interop:import-new", args=[course.pk])).status_code == 404
    assert client.get(reverse("interop:export", args=[course.pk])).status_code == 404
    assert client.get(reverse("interop:import-detail", args=[batch.pk])).status_code == 404
    assert (
        client.post(
            reverse("interop:import-detail", args=[batch.pk]), {"action": "confirm"}
        ).status_code
        == 404
    )
    assert not Question.objects.exists()
