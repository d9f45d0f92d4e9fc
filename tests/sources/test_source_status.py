"""The article page keeps its status current by itself: htmx asks ``…/status/`` every 2 s while
Retain reads the article, and the answer that says "ready" (or "failed") stops the polling and
brings the findings with it."""

from __future__ import annotations

import pytest

from quizzes.models import Source, SourceStatus
from quizzes.sources.services import source_process

pytestmark = pytest.mark.django_db


def test_a_new_articles_page_polls_its_status(web_as, instructor, source):
    Source.objects.filter(pk=source.pk).update(status=SourceStatus.NEW)
    html = web_as(instructor).get(f"/articles/{source.pk}/").content.decode()
    assert f'hx-get="/articles/{source.pk}/status/" hx-trigger="every 2s"' in html
    assert "htmx-2.min.js" in html
    assert "reload" not in html


def test_a_ready_articles_page_does_not_poll(web_as, instructor, source):
    source_process(source_id=source.pk)
    html = web_as(instructor).get(f"/articles/{source.pk}/").content.decode()
    assert "hx-trigger" not in html
    assert "htmx-2.min.js" not in html


def test_the_status_answers_200_while_reading_and_286_with_the_findings_when_done(
    web_as, student, source
):
    Source.objects.filter(pk=source.pk).update(status=SourceStatus.PROCESSING)
    client = web_as(student)
    reading = client.get(f"/articles/{source.pk}/status/")
    assert reading.status_code == 200
    assert 'data-source-status="processing"' in reading.content.decode()
    assert "hx-swap-oob" not in reading.content.decode()
    source_process(source_id=source.pk)
    done = client.get(f"/articles/{source.pk}/status/")
    assert done.status_code == 286  # htmx: stop polling
    html = done.content.decode()
    assert 'data-source-status="ready"' in html
    assert '<aside class="article-findings" id="findings"' in html
    assert 'id="article-text" hx-swap-oob="true"' in html


def test_a_failed_article_says_why_and_stops(web_as, instructor, source):
    Source.objects.filter(pk=source.pk).update(status=SourceStatus.FAILED, error="No text.")
    response = web_as(instructor).get(f"/articles/{source.pk}/status/")
    assert response.status_code == 286
    assert "Processing failed: No text." in response.content.decode()


def test_another_courses_article_status_is_404(web_as, student, other_source):
    assert web_as(student).get(f"/articles/{other_source.pk}/status/").status_code == 404
