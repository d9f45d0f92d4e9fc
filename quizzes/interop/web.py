"""Import and export pages, for a course's instructors (anyone else gets 404).

Import: upload a file (``import_new``), see what each item becomes — created, skipped as an
exact duplicate, or an error with its line — and import it or cancel (``import_detail``).
Export (``export``): the bank's current selection, a quiz's questions or a deck's cards, in a
chosen format, as a download.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse

from quizzes.bank.kinds import CARD, QUESTION
from quizzes.core.requests import AuthedRequest
from quizzes.courses.selectors import course_for_instructor
from quizzes.errors import ImportRefusedError, RetainError
from quizzes.interop.formats import export_formats
from quizzes.interop.forms import ImportDecisionForm, ImportForm
from quizzes.interop.selectors import (
    Export,
    bank_export,
    deck_export,
    export_choices,
    export_file,
    import_for_instructor,
    imports_of,
    quiz_export,
)
from quizzes.interop.services import (
    import_cancel,
    import_confirm,
    import_preview,
    import_start,
    upload_bytes,
)
from quizzes.models import ImportBatch, ImportStatus
from quizzes.sources.selectors import sources_for


@login_required
def import_new(request: AuthedRequest, course_id: int) -> HttpResponse:
    """Upload a file to import into the course's bank; its preview comes next."""
    course = course_for_instructor(request.user, course_id)
    sources = sources_for(request.user, course_id=course.pk)
    form = ImportForm(request.POST or None, request.FILES or None, sources=sources)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch, _plan = import_start(
                user=request.user,
                course_id=course.pk,
                filename=upload.name or "upload",
                data=upload_bytes(upload),
                format_name=form.cleaned_data["format"] or "",
                source=form.cleaned_data["source"],
            )
        except ImportRefusedError as error:
            problems = [message for _field, message in error.problems]
        except RetainError as error:
            form.add_error(None, error.message)
        else:
            return redirect("interop:import-detail", batch.pk)
    return render(
        request,
        "quizzes/interop/import_new.html",
        {
            "course": course,
            "form": form,
            "problems": problems,
            "imports": imports_of(request.user, course_id=course.pk),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def import_detail(request: AuthedRequest, batch_id: int) -> HttpResponse:
    """A waiting import's preview (POST: import it or cancel), or a finished import's result."""
    batch = import_for_instructor(request.user, batch_id)
    if request.method == "POST":
        decision = ImportDecisionForm(request.POST)
        if decision.is_valid():
            try:
                if decision.cleaned_data["action"] == "confirm":
                    batch = import_confirm(user=request.user, batch=batch)
                    messages.success(
                        request,
                        f"Imported {batch.created_count} draft{'s' if batch.created_count != 1 else ''}"
                        f" from {batch.filename}"
                        + (f"; {batch.skipped_count} skipped." if batch.skipped_count else "."),
                    )
                    return redirect(_review_url(batch))
                import_cancel(batch=batch)
                messages.info(request, f"Import of {batch.filename} cancelled; nothing was saved.")
                return redirect("interop:import-new", batch.course_id)
            except RetainError as error:
                messages.error(request, error.message)
            batch = import_for_instructor(request.user, batch_id)
    plan = None
    problems: list[str] = []
    if batch.status == ImportStatus.PREVIEW:
        try:
            plan = import_preview(batch=batch)
        except ImportRefusedError as error:
            problems = [message for _field, message in error.problems]
    return render(
        request,
        "quizzes/interop/import_detail.html",
        {
            "batch": batch,
            "course": batch.course,
            "plan": plan,
            "problems": problems,
            "review_url": _review_url(batch),
        },
    )


def _review_url(batch: ImportBatch) -> str:
    """Where the imported drafts are reviewed: the article's queue, else the bank's drafts."""
    if batch.source_id:
        return reverse("bank:bank-review", args=[batch.source_id])
    return reverse("bank:bank", args=[batch.course_id]) + "?status=draft&origin=imported"


@login_required
def export(request: AuthedRequest, course_id: int) -> HttpResponse:
    """The export page; with ``format`` (and ``what``), the file itself.

    ``what`` is ``questions`` or ``cards`` (the bank's selection: the other query parameters are
    the bank's filters), ``quiz`` (with ``quiz``) or ``deck`` (with ``deck``)."""
    course = course_for_instructor(request.user, course_id)
    params = request.GET.copy()
    chosen = params.pop("format", [""])[-1]
    what = params.pop("what", ["questions"])[-1]
    quiz_id = params.pop("quiz", [""])[-1]
    deck_id = params.pop("deck", [""])[-1]
    params.pop("page", None)
    if chosen:
        try:
            selection = _selection(request, course.pk, what, quiz_id, deck_id, params)
            file = export_file(selection, chosen)
        except RetainError as error:
            messages.error(request, error.message)
        else:
            response = HttpResponse(file.data, content_type=file.content_type)
            response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
            return response
    return render(
        request,
        "quizzes/interop/export.html",
        {
            "course": course,
            **export_choices(request.user, course_id=course.pk),
            "question_formats": export_formats("question"),
            "card_formats": export_formats("card"),
            "filters": params,
            "what": what,
        },
    )


def _selection(
    request: AuthedRequest, course_id: int, what: str, quiz_id: str, deck_id: str, params: QueryDict
) -> Export:
    if what == "quiz":
        return quiz_export(request.user, quiz_id=_number(quiz_id, "quiz"))
    if what == "deck":
        return deck_export(request.user, deck_id=_number(deck_id, "deck"))
    kind = CARD if what == "cards" else QUESTION
    return bank_export(request.user, course_id=course_id, kind=kind, params=params)


def _number(value: str, name: str) -> int:
    if not value.isdigit():
        raise RetainError(f"Choose a {name} to export.", field=name)
    return int(value)
