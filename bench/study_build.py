"""Builds one database for bench/study.py: a deck of 1,000 cards, a reader (reviews and learning
cards due, the rest new) and a writer, and other learners filling it up to the number of
schedules asked for. Run by bench/study.py in a subprocess with the bench's settings and
database; prints what the bench needs as JSON: ``python bench/study_build.py SCHEDULES``."""

from __future__ import annotations

import json
import random
import sys
from datetime import UTC, datetime, timedelta

CARDS = 1000


def build(schedules: int) -> dict:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection, transaction

    from quizzes.accounts.tokens import token_create
    from quizzes.models import Card, CardSchedule, Course, ItemStatus, Membership, Role, Source
    from quizzes.study.services.decks import deck_create, deck_enrol

    # Migrated apps first (auth…), then the app's tables straight from the models: PostgreSQL
    # refuses foreign keys to tables that do not exist yet.
    call_command("migrate", verbosity=0)
    call_command("migrate", run_syncdb=True, verbosity=0)
    call_command("createcachetable", verbosity=0)  # the throttles' table (a migration makes it)
    user_model = get_user_model()
    with transaction.atomic():
        teacher = user_model.objects.create_user("teacher")
        reader = user_model.objects.create_user("reader")  # GETs next cards (state never changes)
        writer = user_model.objects.create_user("writer")  # POSTs reviews
        course = Course.objects.create(title="Bench", created_by=teacher)
        Membership.objects.bulk_create(
            [
                Membership(user=teacher, course=course, role=Role.INSTRUCTOR),
                Membership(user=reader, course=course, role=Role.STUDENT),
                Membership(user=writer, course=course, role=Role.STUDENT),
            ]
        )
        source = Source.objects.create(
            course=course,
            title="Bench article",
            original="x",
            text="x",
            checksum="x",
            created_by=teacher,
        )
        Card.objects.bulk_create(
            Card(
                course=course,
                source=source,
                front=f"Question {i}?",
                back=f"Answer {i}",
                status=ItemStatus.APPROVED,
                sibling_key=f"term:{i // 2}",
                evidence_start=i,
                evidence_end=i + 1,
                evidence_text=f"Sentence {i}.",
            )
            for i in range(CARDS)
        )
        deck = deck_create(
            course=course,
            user=teacher,
            title="Bench deck",
            source=source,
            published=True,
            options={"new_per_day": 9999, "reviews_per_day": 99999},
        )
        for learner in (reader, writer):
            deck_enrol(deck=deck, user=learner)
        now = datetime.now(UTC)
        # The reader: 200 reviews due today, 50 learning cards due now, the rest new.
        ids = list(deck.cards.order_by("pk").values_list("pk", flat=True))
        CardSchedule.objects.filter(user=reader, card_id__in=ids[:200]).update(
            state="review",
            stability=20,
            difficulty=5,
            reps=4,
            due=now - timedelta(hours=2),
            last_review=now - timedelta(days=20),
        )
        CardSchedule.objects.filter(user=reader, card_id__in=ids[200:250]).update(
            state="learning",
            step=1,
            stability=2,
            difficulty=5,
            reps=1,
            due=now - timedelta(minutes=1),
            last_review=now - timedelta(minutes=11),
        )
        tokens = {u.username: token_create(user=u, origin="page")[1] for u in (reader, writer)}

    fillers = schedules // CARDS - 2  # other learners, each with every card scheduled
    rng = random.Random(1)
    table = CardSchedule._meta.db_table
    adapt = connection.ops.adapt_datetimefield_value
    columns = (
        "user_id, card_id, deck_id, state, step, stability, difficulty, due, last_review, "
        "reps, lapses, suspended, leech, buried_until, position"
    )
    chunk = 50
    for start in range(0, fillers, chunk):
        with transaction.atomic():
            users = user_model.objects.bulk_create(
                user_model(username=f"learner{n}", password="!")  # noqa: S106 - unusable
                for n in range(start, min(start + chunk, fillers))
            )
            if connection.vendor != "sqlite":
                users = list(user_model.objects.filter(username__in=[u.username for u in users]))
            rows = []
            for user in users:
                for card_id in ids:
                    due = now + timedelta(minutes=rng.randint(-30 * 1440, 60 * 1440))
                    rows.append(
                        (
                            user.pk,
                            card_id,
                            deck.pk,
                            "review",
                            None,
                            10.0,
                            5.0,
                            adapt(due),
                            adapt(due - timedelta(days=10)),
                            3,
                            0,
                            False,
                            False,
                            None,
                            card_id,
                        )
                    )
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * 15)})",  # noqa: S608
                    rows,
                )
    with connection.cursor() as cursor:  # planner statistics, as a live database has them
        cursor.execute("ANALYZE")
    total = CardSchedule.objects.count()
    return {"deck": deck.pk, "cards": ids, "tokens": tokens, "schedules": total}


if __name__ == "__main__":
    print(json.dumps(build(int(sys.argv[1]))))
