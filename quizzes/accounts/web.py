"""Account pages: sign-up and the API tokens page (login and logout are Django's own views)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from quizzes.accounts.forms import SignupForm, TokenForm
from quizzes.accounts.services import student_signup
from quizzes.accounts.tokens import token_create, token_revoke, tokens_for, tokens_revoke_all
from quizzes.core.clients import client_address
from quizzes.core.requests import AuthedRequest
from quizzes.core.web.forms import add_service_error
from quizzes.errors import RetainError
from quizzes.models import TokenOrigin


def signup(request: HttpRequest) -> HttpResponse:
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = student_signup(
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password1"],
                join_code=form.cleaned_data["join_code"],
                client=client_address(request),
            )
        except RetainError as error:
            add_service_error(form, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("courses:course-list")
    return render(request, "registration/signup.html", {"form": form})


@login_required
def account_tokens(request: AuthedRequest) -> HttpResponse:
    """The user's API tokens: what each is, when it expires; make one (its key is shown on this
    answer only) or revoke them."""
    form = TokenForm(request.POST or None)
    new_key = ""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                _token, new_key = token_create(
                    user=request.user, origin=TokenOrigin.PAGE, name=form.cleaned_data["name"]
                )
            except RetainError as error:
                add_service_error(form, error)
                status = 400
            else:
                form = TokenForm()
                status = 201
        else:
            status = 400
    response = render(
        request,
        "quizzes/accounts/tokens.html",
        {"tokens": tokens_for(request.user), "form": form, "new_key": new_key},
        status=status,
    )
    if new_key:  # the key is in this page only: keep it out of every cache
        response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def account_token_revoke(request: AuthedRequest, token_id: int) -> HttpResponse:
    token_revoke(user=request.user, token_id=token_id)
    messages.success(request, "The token is revoked: programs using it are signed out.")
    return redirect("accounts:tokens")


@login_required
@require_POST
def account_tokens_revoke_all(request: AuthedRequest) -> HttpResponse:
    count = tokens_revoke_all(user=request.user)
    messages.success(request, f"{count} token{'s' if count != 1 else ''} revoked.")
    return redirect("accounts:tokens")
