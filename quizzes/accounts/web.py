"""Sign-up page (login and logout are Django's own views)."""

from __future__ import annotations

from django.contrib.auth import login
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from quizzes.accounts.forms import SignupForm
from quizzes.accounts.services import student_signup
from quizzes.core.web.forms import add_service_error
from quizzes.errors import RetainError


def signup(request: HttpRequest) -> HttpResponse:
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                user = student_signup(
                    username=form.cleaned_data["username"],
                    password=form.cleaned_data["password1"],
                    join_code=form.cleaned_data["join_code"],
                )
        except RetainError as error:
            add_service_error(form, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("courses:course-list")
    return render(request, "registration/signup.html", {"form": form})
