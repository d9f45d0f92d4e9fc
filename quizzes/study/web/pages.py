"""Study pages: my decks, one deck (progress, forecast, options), and the study session itself.

The session page hands the browser the first cards with their button intervals; study.js shows
them, grades with the keyboard and sends reviews to the same API the apps use.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from quizzes.core.requests import AuthedRequest
from quizzes.core.web.charts import forecast_chart
from quizzes.core.web.forms import add_service_error
from quizzes.courses.selectors import course_for_instructor, courses_for
from quizzes.errors import RetainError
from quizzes.models import Deck, ReportReason, Role
from quizzes.study import learner_days
from quizzes.study.batch_json import study_json
from quizzes.study.selectors.deck_counts import deck_progress, forecast
from quizzes.study.selectors.decks import (
    deck_article,
    deck_articles,
    deck_for,
    deck_for_instructor,
    decks_for,
)
from quizzes.study.selectors.next_cards import study_context
from quizzes.study.selectors.profile import learner_profile
from quizzes.study.services.decks import (
    deck_from_source,
    deck_learner_options_set,
    deck_study_batch,
    deck_update,
)
from quizzes.study.services.profile import (
    fit_message,
    learner_optimise_if_due,
    profile_set_time_zone,
)
from quizzes.study.web.forms import (
    ArticleDeckForm,
    DeckOptionsForm,
    DeckSettingsForm,
    TimeZoneForm,
)

FIRST_CARDS = 20


def _article_forms(request: AuthedRequest) -> list[tuple[Any, ArticleDeckForm]]:
    forms = []
    for course in courses_for(request.user).filter(role=Role.INSTRUCTOR):
        sources = deck_articles(course)
        if sources:
            forms.append((course, ArticleDeckForm(sources=sources, prefix=f"c{course.pk}")))
    return forms


@login_required
def deck_list(request: AuthedRequest) -> HttpResponse:
    rows = []
    for deck in decks_for(request.user):
        context = study_context(request.user, deck.pk)
        rows.append((deck, deck_progress(request.user, context) if context.enrolled else None))
    return render(
        request,
        "quizzes/study/decks.html",
        {"rows": rows, "article_forms": _article_forms(request)},
    )


@login_required
@require_POST
def deck_from_article(request: AuthedRequest, course_id: int) -> HttpResponse:
    """One click: "the deck of this article" (made, or topped up with newly approved cards)."""
    course = course_for_instructor(request.user, course_id)
    sources = deck_articles(course)
    form = ArticleDeckForm(request.POST, sources=sources, prefix=f"c{course.pk}")
    source = deck_article(course, form.cleaned_data["source"]) if form.is_valid() else None
    if source is not None:
        try:
            deck = deck_from_source(source=source, user=request.user)
        except RetainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                f"“{deck.title}” holds the article's approved cards. Publish it when ready.",
            )
            return redirect("study:deck-detail", deck_id=deck.pk)
    else:
        messages.error(request, "Choose one of the course's articles.")
    return redirect("study:deck-list")


def _detail_context(request: AuthedRequest, deck_id: int, **forms: Any) -> dict[str, Any]:
    context = study_context(request.user, deck_id)
    deck = context.deck
    profile = learner_profile(request.user)
    days = forecast(request.user, deck_id)
    today = learner_days.learner_day(timezone.now(), context.time_zone)
    mine = forms.get("options_form") or DeckOptionsForm(defaults=_defaults(deck), overrides=True)
    if "options_form" not in forms:
        mine.set_overrides(context.overrides or {})
    is_instructor = context.role == Role.INSTRUCTOR
    page: dict[str, Any] = {
        "deck": deck,
        "study": context,
        "is_instructor": is_instructor,
        "progress": deck_progress(request.user, context) if context.enrolled else None,
        "chart": forecast_chart([(d.day, d.due) for d in days], today=today),
        "options_form": mine,
        "time_zone_form": forms.get("time_zone_form")
        or TimeZoneForm(initial={"time_zone": context.time_zone}),
        "fit_message": fit_message(profile.fit_report),
    }
    if is_instructor:
        page["settings_form"] = forms.get("settings_form") or DeckSettingsForm(
            initial={"title": deck.title, "published": deck.published}
        )
        page["defaults_form"] = forms.get("defaults_form") or DeckOptionsForm(
            defaults=_defaults(deck), overrides=False, prefix="defaults"
        )
    return page


def _defaults(deck: Deck) -> Any:
    from quizzes.study.deck_options import DeckOptions

    return DeckOptions.merged(vars(deck))


@login_required
def deck_detail(request: AuthedRequest, deck_id: int) -> HttpResponse:
    return render(request, "quizzes/study/deck.html", _detail_context(request, deck_id))


@login_required
@require_POST
def deck_my_options(request: AuthedRequest, deck_id: int) -> HttpResponse:
    deck = deck_for(request.user, deck_id)
    form = DeckOptionsForm(request.POST, defaults=_defaults(deck), overrides=True)
    if form.is_valid():
        try:
            deck_learner_options_set(deck=deck, user=request.user, options=form.options())
        except RetainError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Your options are saved; they apply from your next card.")
            return redirect("study:deck-detail", deck_id=deck.pk)
    page = _detail_context(request, deck_id, options_form=form)
    return render(request, "quizzes/study/deck.html", page, status=400)


@login_required
@require_POST
def deck_settings(request: AuthedRequest, deck_id: int) -> HttpResponse:
    """The instructor's deck settings: title, publication and the default options."""
    deck = deck_for_instructor(request.user, deck_id)
    settings_form = DeckSettingsForm(request.POST)
    defaults_form = DeckOptionsForm(
        request.POST, defaults=_defaults(deck), overrides=False, prefix="defaults"
    )
    if settings_form.is_valid() and defaults_form.is_valid():
        try:
            deck_update(
                deck=deck,
                user=request.user,
                title=settings_form.cleaned_data["title"],
                published=settings_form.cleaned_data["published"],
                options=defaults_form.options(),
            )
        except RetainError as error:
            add_service_error(defaults_form, error)
        else:
            messages.success(request, "Deck saved.")
            return redirect("study:deck-detail", deck_id=deck.pk)
    page = _detail_context(
        request, deck_id, settings_form=settings_form, defaults_form=defaults_form
    )
    return render(request, "quizzes/study/deck.html", page, status=400)


@login_required
@require_POST
def deck_time_zone(request: AuthedRequest, deck_id: int) -> HttpResponse:
    deck = deck_for(request.user, deck_id)
    form = TimeZoneForm(request.POST)
    if form.is_valid():
        try:
            profile_set_time_zone(user=request.user, time_zone=form.cleaned_data["time_zone"])
        except RetainError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Your study day now starts at 04:00 in that time zone.")
            return redirect("study:deck-detail", deck_id=deck.pk)
    page = _detail_context(request, deck_id, time_zone_form=form)
    return render(request, "quizzes/study/deck.html", page, status=400)


@login_required
def deck_study(request: AuthedRequest, deck_id: int) -> HttpResponse:
    """The study session: the first cards (with button intervals) are in the page."""
    batch = deck_study_batch(user=request.user, deck_id=deck_id, limit=FIRST_CARDS, exclude=[])
    learner_optimise_if_due(user=request.user)
    deck = batch.context.deck
    # The counts of the deck page (cards left today by kind); the page keeps them live.
    progress = deck_progress(request.user, batch.context)
    data = study_json(batch) | {
        "counts": {
            "new": progress.new_left,
            "learning": progress.learning,
            "review": progress.due_today,
        },
        "study_url": reverse("api:study:deck-study", args=[deck.pk]),
        "progress_url": reverse("api:study:deck-progress", args=[deck.pk]),
        "report_url": reverse("api:reports:report-list"),
        "reviews_url": reverse("api:study:review-list"),
        "profile_url": reverse("api:study:study-profile"),
        "deck_url": reverse("study:deck-detail", args=[deck.pk]),
        "csrf_token": get_token(request),
        "user": request.user.pk,
    }
    first = batch.cards[0] if batch.cards else None
    return render(
        request,
        "quizzes/study/session.html",
        {
            "deck": deck,
            "data": data,
            "first": first,
            "counts": data["counts"],
            "report_reasons": ReportReason.choices,
            "here": request.get_full_path(),
        },
    )
