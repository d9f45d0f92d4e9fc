"""Which project files run while Retain answers two everyday requests: a student's review POST and
an instructor approving a draft question — how many places a reader must open to follow them.

    .venv/bin/python bench/request_paths.py            # this checkout
    .venv/bin/python bench/request_paths.py OTHER_DIR  # another checkout (e.g. a worktree of an
                                                       # older commit, sharing this virtualenv)

It builds a scratch test database, makes a course, an article, an approved deck and a draft, warms
both requests once (imports), then records every function call whose code lives in the checkout
(not in the virtualenv, not in tests) during one more of each. Files are counted, and so are the
places they sit in: a domain package (``quizzes/study``), or a flat layer folder of the old shape
(``quizzes/services``), or the app's root. Figures are in docs/architecture.md.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import tempfile
import uuid
from pathlib import Path


def _import(*names: str):
    for name in names:
        try:
            return importlib.import_module(name)
        except ImportError:
            continue
    raise ImportError(names)


def main() -> None:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[1]).resolve()
    sys.path.insert(0, str(root))
    os.chdir(root)
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
    os.environ["RETAIN_TEST_DB"] = str(Path(tempfile.mkdtemp()) / "paths.sqlite3")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.utils import timezone

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        figures = _measure(root, Client, timezone)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    for name, (status, files) in figures.items():
        places = sorted({_place(f) for f in files})
        print(
            f"{name}: HTTP {status}, {len(files)} files in {len(places)} places: {', '.join(places)}"
        )
        for file in files:
            print(f"    {file}")


def _place(file: str) -> str:
    parts = file.split("/")
    if parts[0] == "learning":
        return "learning"
    return "/".join(parts[:2]) if len(parts) > 2 else "quizzes (root)"


def _measure(root: Path, Client, timezone) -> dict[str, tuple[int, list[str]]]:
    from django.contrib.auth import get_user_model

    from quizzes.models import Card, ItemStatus, Question

    courses = _import("quizzes.courses.services", "quizzes.services.courses")
    sources = _import("quizzes.sources.services", "quizzes.services.sources")
    decks = _import("quizzes.study.services.decks", "quizzes.services.decks")
    users = get_user_model().objects
    teacher = users.create_user("teacher")
    student = users.create_user("student")
    course = courses.course_create(user=teacher, title="Paths")
    courses.course_join(user=student, join_code=course.join_code)
    text = (
        "The Amazon rainforest covers much of the Amazon basin of South America. The basin "
        "encompasses seven million square kilometres, of which five and a half million are covered "
        "by the rainforest. The region includes territory belonging to nine nations.\n\nThe "
        "majority of the forest is contained within Brazil, with 60% of the rainforest, followed "
        "by Peru with 13% and Colombia with 10%."
    )
    source, _ = sources.source_create(course=course, user=teacher, text=text, title="Amazon")
    Card.objects.filter(source=source).update(status=ItemStatus.APPROVED)
    deck = decks.deck_from_source(source=source, user=teacher, published=True)
    key = _token(student)
    api, web = Client(), Client()
    web.force_login(teacher)
    auth = {"HTTP_AUTHORIZATION": f"Token {key}"}

    def next_card() -> int:
        answer = api.get(f"/api/v1/decks/{deck.pk}/study/?limit=1", **auth).json()
        return answer["cards"][0]["card"]

    def review(card: int):
        body = {"id": str(uuid.uuid4()), "card": card, "rating": 3, "deck": deck.pk}
        body["reviewed_at"] = timezone.now().isoformat()
        return api.post("/api/v1/reviews/", json.dumps(body), "application/json", **auth)

    def approve(question):
        return web.post(f"/questions/{question.pk}/approve/", {"next": "/"})

    drafts = list(Question.objects.filter(source=source, status=ItemStatus.DRAFT)[:2])
    review(next_card())
    approve(drafts[0])  # warm: imports and caches
    return {
        "review POST": _traced(root, review, next_card()),
        "approve a question": _traced(root, approve, drafts[1]),
    }


def _token(user) -> str:
    try:
        from quizzes.accounts.tokens import token_create
    except ImportError:  # before API tokens of Retain's own
        from rest_framework.authtoken.models import Token

        return Token.objects.get_or_create(user=user)[0].key
    return token_create(user=user, origin="page")[1]


def _traced(root: Path, request, *args) -> tuple[int, list[str]]:
    files: set[str] = set()
    prefix = str(root) + os.sep
    skip = tuple(os.sep + part + os.sep for part in (".venv", "tests", "bench"))

    def profile(frame, event, arg):
        name = frame.f_code.co_filename
        if event == "call" and name.startswith(prefix) and not any(s in name for s in skip):
            files.add(os.path.relpath(name, root))

    sys.setprofile(profile)
    try:
        response = request(*args)
    finally:
        sys.setprofile(None)
    return response.status_code, sorted(files)


if __name__ == "__main__":
    main()
