"""Writes for user accounts."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction
from rest_framework.authtoken.models import Token

from quizzes.courses.services import course_join


@transaction.atomic
def student_signup(*, username: str, password: str, join_code: str = "") -> User:
    """Create a user account and, given a join code, enrol it; nothing is saved if the code is wrong.

    The caller validates the username and password (Django's forms and password validators).
    """
    user = get_user_model().objects.create_user(username=username, password=password)
    if join_code.strip():
        course_join(user=user, join_code=join_code)
    return user


def token_for(user: User) -> str:
    """The user's API token ("Authorization: Token <key>"), made the first time it is asked for."""
    token, _ = Token.objects.get_or_create(user=user)
    return token.key
