"""Sign-up page (login and logout are Django's own views)."""

from __future__ import annotations

from django.contrib.auth import login
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from quizzes.errors import RetainError
from quizzes.services.accounts import student_signup
from quizzes.web.forms import SignupForm, add_service_error


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
            return redirect("quizzes:course-list")
    return render(request, "registration/signup.html", {"form": form})
