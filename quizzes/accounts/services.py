"""Writes for user accounts."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction

from quizzes.courses.services import course_enrol, course_for_join_code


def student_signup(*, username: str, password: str, join_code: str = "", client: str = "") -> User:
    """Create a user account and, given a join code, enrol it; nothing is saved if the code is wrong.

    The code is checked first, with the join-code guessing brake (``client``: the request's client
    address; see ``course_for_join_code``). The caller validates the username and password
    (Django's forms and password validators).
    """
    course = None
    if join_code.strip():
        course = course_for_join_code(join_code=join_code, client=client)
    with transaction.atomic():
        user = get_user_model().objects.create_user(username=username, password=password)
        if course is not None:
            course_enrol(user=user, course=course)
    return user
