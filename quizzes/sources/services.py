"""Writes for articles (sources): adding one, and processing it in the background.

An article's status: ``new`` (queued) → ``processing`` → ``ready`` or ``failed`` (with the reason
in ``error``, shown to the instructor on the article page and in the API). A job that dies under
an article (its worker killed, or stopped by a signal) never leaves it ``processing``: the
reaper (``quizzes.core.jobs``) calls ``source_job_lost``, which queues it again once and marks it
failed after that.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from quizzes.errors import SourceError
from quizzes.generation.types import GenerationError
from quizzes.models import Course, Source, SourceStatus
from quizzes.sources import ingest
from quizzes.sources.findings import generation_run, generation_store
from quizzes.sources.samples import SAMPLE_ARTICLE, sample_text

if TYPE_CHECKING:
    from django.contrib.auth.models import User

logger = logging.getLogger(__name__)


def source_create(
    *,
    course: Course,
    user: User,
    text: str = "",
    upload: bytes | None = None,
    filename: str = "",
    sample: bool = False,
    title: str = "",
    author: str = "",
    url: str = "",
    licence: str = "",
) -> tuple[Source, bool]:
    """Add an article to ``course`` from pasted text, an uploaded file or the bundled sample.

    Returns ``(source, created)``: the same text added again to the same course returns the existing
    source with ``created=False``. Raises ``SourceError`` (with the field at fault) for empty, too
    long, non-UTF-8, non-English or unreadable input; nothing is saved then. A new source is queued
    for processing once the transaction commits. Without a ``title`` the article's own is used
    (``ingest.title_of``), or a short guess marked ``title_guessed`` for the instructor to confirm.
    """
    fmt = "text"
    if sample:
        text = sample_text()
        title = title or SAMPLE_ARTICLE["title"]
        author = author or SAMPLE_ARTICLE["author"]
        licence = licence or SAMPLE_ARTICLE["licence"]
    elif upload is not None:
        try:
            text, fmt = ingest.decode_upload(upload, filename)
        except ingest.IngestError as error:
            raise SourceError(error.message, field=error.field) from None
    try:
        article = ingest.prepare(text, format=fmt)
    except ingest.IngestError as error:
        raise SourceError(
            error.message, field="file" if upload is not None else error.field
        ) from None

    checksum = ingest.checksum(article.text)
    found = (
        ingest.Title(title.strip(), guessed=False) if title.strip() else ingest.title_of(article)
    )
    with transaction.atomic():
        existing = Source.objects.filter(course=course, checksum=checksum).first()
        if existing is not None:
            return existing, False
        source = Source.objects.create(
            course=course,
            title=found.text[:300],
            title_guessed=found.guessed,
            author=(author.strip() or article.author)[:200],
            url=(url.strip() or article.url)[:500],
            licence=licence.strip()[:300],
            format=article.format,
            original=text,
            text=article.text,
            language="en",
            checksum=checksum,
            created_by=user,
        )
        transaction.on_commit(lambda: _enqueue_processing(source.pk))
    return source, True


def source_retitle(*, source: Source, user: User, title: str) -> Source:
    """Give the article the title the instructor chose (or confirmed); it is no longer a guess.
    Raises ``SourceError`` (field ``title``) for an empty or over-long title."""
    title = " ".join(title.split())
    if not title:
        raise SourceError("Give the article a title.", field="title")
    if len(title) > 300:
        raise SourceError("The title is longer than 300 characters.", field="title")
    source.title, source.title_guessed = title, False
    source.save(update_fields=["title", "title_guessed"])
    return source


# How many times a job is started for one article before a dying worker makes it "failed".
MAX_PROCESS_ATTEMPTS = 2


def _enqueue_processing(source_id: int, attempt: int = 1) -> None:
    from quizzes.sources.tasks import process_source

    if attempt == 1:
        process_source.enqueue(source_id)
    else:
        process_source.enqueue(source_id, attempt=attempt)


def source_job_lost(*, source_id: int, attempt: int, reason: str) -> Source | None:
    """The job reading this article died (``reason``: why, a phrase for the instructor).

    Unless the article is finished already, it goes back in the queue (status ``new``, the reason
    noted) for attempt ``attempt + 1``; after ``MAX_PROCESS_ATTEMPTS`` it is ``failed`` with the
    reason. Safe to call twice.
    """
    with transaction.atomic():
        source = Source.objects.select_for_update().filter(pk=source_id).first()
        if source is None or source.status not in (SourceStatus.NEW, SourceStatus.PROCESSING):
            return source
        interrupted = f"Reading this article was interrupted ({reason})."
        if attempt < MAX_PROCESS_ATTEMPTS:
            source.status = SourceStatus.NEW
            source.error = f"{interrupted} Retain is trying again."
            source.save(update_fields=["status", "error"])
            transaction.on_commit(lambda: _enqueue_processing(source_id, attempt + 1))
            return source
        return _finish(
            source,
            SourceStatus.FAILED,
            f"{interrupted} That was try {attempt} of {MAX_PROCESS_ATTEMPTS}, so Retain stopped: "
            "use “Generate again” to retry.",
        )


def source_process(*, source_id: int) -> Source | None:
    """Process an article: check it again, run the engine, store its draft bank. Safe to run twice.

    A failure is recorded on the source (status ``failed`` with the error) instead of raised, so the
    instructor sees it; the source's text is never changed.
    """
    with transaction.atomic():
        source = Source.objects.select_for_update().filter(pk=source_id).first()
        if source is None:
            return None
        source.status = SourceStatus.PROCESSING
        source.error = ""
        source.save(update_fields=["status", "error"])
    try:
        ingest.prepare(source.text, format="markdown")  # already reduced: no HTML pass
        generation = generation_run(source.text)
        with transaction.atomic():
            generation_store(source=source, generation=generation)
            return _finish(source, SourceStatus.READY, "")
    except (ingest.IngestError, GenerationError) as error:
        return _finish(source, SourceStatus.FAILED, getattr(error, "message", None) or str(error))
    except Exception:
        logger.exception("Processing source %s failed", source_id)
        return _finish(source, SourceStatus.FAILED, "Processing failed unexpectedly; try again.")


def _finish(source: Source, status: str, error: str) -> Source:
    source.status = status
    source.error = error
    source.processed_at = timezone.now()
    source.save(update_fields=["status", "error", "processed_at"])
    return source


def source_generate(*, source: Source) -> None:
    """Queue the article for (re)generation: untouched drafts are replaced, edited ones kept."""
    Source.objects.filter(pk=source.pk).update(status=SourceStatus.NEW, error="")
    transaction.on_commit(lambda: _enqueue_processing(source.pk))
