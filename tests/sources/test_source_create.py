"""Adding articles: every bad input gets a clear message and saves nothing."""

from __future__ import annotations

import pytest

from quizzes.errors import SourceError
from quizzes.models import Source, SourceStatus
from quizzes.sources.services import source_create, source_process
from tests.conftest import ARTICLE

pytestmark = pytest.mark.django_db

FRENCH = (
    "La forêt amazonienne couvre la majeure partie du bassin amazonien en Amérique du Sud. "
    "Ce bassin s'étend sur sept millions de kilomètres carrés, dont cinq millions et demi sont "
    "couverts par la forêt tropicale."
)


def test_it_adds_pasted_text_and_processes_it(
    course, instructor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        source, created = source_create(course=course, user=instructor, text=ARTICLE)
    assert created
    source.refresh_from_db()
    assert source.status == SourceStatus.READY
    assert source.title.startswith("The Amazon rainforest")
    assert source.language == "en"
    assert len(source.checksum) == 64


def test_it_does_not_duplicate_the_same_text_in_a_course(course, instructor):
    first, _ = source_create(course=course, user=instructor, text=ARTICLE)
    again, created = source_create(
        course=course, user=instructor, text="  " + ARTICLE.replace(" ", "\n", 3)
    )
    assert not created
    assert again.pk == first.pk
    assert Source.objects.count() == 1


def test_the_same_text_may_live_in_two_courses(course, instructor, other_course, outsider):
    source_create(course=course, user=instructor, text=ARTICLE)
    _, created = source_create(course=other_course, user=outsider, text=ARTICLE)
    assert created


def test_it_adds_the_bundled_sample_with_attribution(course, instructor):
    source, _ = source_create(course=course, user=instructor, sample=True)
    assert source.title == "Key Drivers in US-North Korea relations"
    assert source.author == "James Trottier"
    assert "CC BY-NC-ND 4.0" in source.licence
    assert "four fundamental truths" in source.text


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"text": ""}, "The article is empty."),
        ({"text": "   \n\t  "}, "The article is empty."),
        ({"text": "Too short."}, "too short to study: 2 words"),
        ({"text": "word " * 40_001}, "the limit is 200,000"),
        ({"text": FRENCH}, r"looks like French \(fr\)"),
        ({"text": "abc\x00def" * 10}, "binary data"),
        ({"text": "1234 5678 %%%% ---- 9999 " * 10}, "too few letters"),
        ({"upload": b"x" * (2 * 1024 * 1024 + 1), "filename": "big.txt"}, "the limit is 2 MB"),
        ({"upload": "Caf\xe9 au lait".encode("latin-1") * 20, "filename": "a.txt"}, "not UTF-8"),
        (
            {"upload": b"text", "filename": "article.pdf"},
            r"Upload a \.htm, \.html, \.markdown, \.md, \.txt",
        ),
        (
            {"upload": b"<html><body><nav>Home</nav></body></html>", "filename": "a.html"},
            "No readable|too short",
        ),
    ],
)
def test_it_rejects_bad_input_with_a_clear_message_and_saves_nothing(
    course, instructor, kwargs, message
):
    with pytest.raises(SourceError, match=message) as error:
        source_create(course=course, user=instructor, **kwargs)
    assert error.value.field in {"text", "file"}
    assert Source.objects.count() == 0


def test_it_reduces_an_uploaded_html_page_to_its_main_text(course, instructor):
    html = (
        "<html><head><title>Rainforest facts</title></head><body>"
        "<nav><a href='/'>Home</a> | <a href='/about'>About us</a></nav><article><h1>Rainforest facts</h1>"
        + "".join(f"<p>{p}</p>" for p in ARTICLE.split("\n\n"))
        + "</article><footer>Copyright 2024 Example Media. All rights reserved.</footer></body></html>"
    )
    source, _ = source_create(
        course=course, user=instructor, upload=html.encode(), filename="page.html"
    )
    assert source.format == "html"
    assert source.title == "Rainforest facts"
    assert "<p>" not in source.text
    assert "Brazil, with 60%" in source.text
    assert "About us" not in source.text


def test_pasted_html_is_reduced_too(course, instructor):
    html = "<div><p>" + ARTICLE.replace("\n\n", "</p><p>") + "</p></div>"
    source, _ = source_create(course=course, user=instructor, text=html)
    assert "<div>" not in source.text
    assert "Peru with 13%" in source.text


def test_processing_a_vanished_source_is_a_no_op(db):
    assert source_process(source_id=987654) is None


def test_processing_records_a_failure_instead_of_raising(source):
    Source.objects.filter(pk=source.pk).update(text="")
    processed = source_process(source_id=source.pk)
    assert processed.status == SourceStatus.FAILED
    assert "empty" in processed.error
