"""xAPI 1.0.3 statements for a course's Learning Record Store, through an outbox.

When a course has an enabled LRS (``XapiSettings``), what its learners do becomes statements:

* an attempt submitted → ``completed`` the quiz (score, completion, success against the pass
  mark, duration) and one ``answered`` per question (its score, correctness and response);
* a card reviewed → ``answered`` the card (the FSRS rating as the response, success unless
  "Again");
* a question answered in a practice session → ``answered`` the question.

The actor is identified by account: the LMS's (issuer, subject) for accounts that came through
LTI, Retain's own (site, user id) otherwise. Every statement's id is a UUID derived from what it
records (UUID5), so recording an event twice stores one row and a resend after a lost reply is
harmless: the LRS keeps one statement per id. Each statement's shape is validated with Ralph's
pydantic xAPI models before it is stored.

Statements wait in ``XapiOutbox``; ``outbox_drain`` posts them in batches and marks what the LRS
accepted. When the LRS is down or refuses the credentials, the rows stay and are tried again
with backoff (capped at an hour, never given up), so nothing is lost; a statement the LRS
rejects for good (409: it holds another statement under this id; 400: invalid) is marked failed
with the LRS's reason.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import requests
from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from lti_tool.models import LtiUser
from pydantic import ValidationError
from ralph.models.xapi.base.statements import BaseXapiStatement

from quizzes.lti.connector import http
from quizzes.lti.errors import LtiError
from quizzes.models import (
    Attempt,
    Course,
    PracticeAnswer,
    Review,
    SyncStatus,
    XapiOutbox,
    XapiSettings,
)

log = logging.getLogger(__name__)

VERSION = "1.0.3"
# The namespace of Retain's statement ids: uuid5(NAMESPACE, what the statement records).
NAMESPACE = uuid.UUID("6d1f0c4e-2b9a-5f3e-9c8d-7a4b3e2f1a60")
COMPLETED = {"id": "http://adlnet.gov/expapi/verbs/completed", "display": {"en-US": "completed"}}
ANSWERED = {"id": "http://adlnet.gov/expapi/verbs/answered", "display": {"en-US": "answered"}}
ASSESSMENT = "http://adlnet.gov/expapi/activities/assessment"
COURSE = "http://adlnet.gov/expapi/activities/course"
MODULE = "http://adlnet.gov/expapi/activities/module"
INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction"
INTERACTION_TYPES = {
    "mcq": "choice",
    "mcq_multi": "choice",
    "true_false": "true-false",
    "cloze": "fill-in",
    "short_answer": "fill-in",
}
RATINGS = {1: "again", 2: "hard", 3: "good", 4: "easy"}
BATCH = 50
MAX_BACKOFF = timedelta(hours=1)


def site() -> str:
    return str(settings.RETAIN_SITE_URL).rstrip("/")


def statement_id(*parts: object) -> str:
    """A statement's id: the same event on the same Retain site always gets the same UUID."""
    return str(uuid.uuid5(NAMESPACE, ":".join(str(p) for p in (site(), *parts))))


def _en(text: str) -> dict[str, str]:
    return {"en-US": (text or "untitled")[:500]}


def actor(user: User) -> dict[str, Any]:
    lti_user = (
        LtiUser.objects.filter(auth_user=user).select_related("registration").order_by("pk").first()
    )
    if lti_user is not None:
        account = {"homePage": lti_user.registration.issuer, "name": lti_user.sub}
    else:
        account = {"homePage": site(), "name": str(user.pk)}
    agent: dict[str, Any] = {"objectType": "Agent", "account": account}
    name = user.get_full_name().strip()
    if name:
        agent["name"] = name
    return agent


def _course_activity(course: Course) -> dict[str, Any]:
    return {
        "objectType": "Activity",
        "id": f"{site()}/courses/{course.pk}/",
        "definition": {"type": COURSE, "name": _en(course.title)},
    }


def _duration(seconds: float) -> str:
    return f"PT{max(seconds, 0):.3f}S"


def _response_text(answer: Any) -> str | None:
    """An answer in xAPI's response format: lists joined with ``[,]``, booleans as words."""
    if answer is None or answer == "" or answer == []:
        return None
    if isinstance(answer, bool):
        return "true" if answer else "false"
    if isinstance(answer, list):
        return "[,]".join(str(item) for item in answer)[:2000] or None
    return str(answer)[:2000]


def attempt_statements(attempt: Attempt) -> list[dict[str, Any]]:
    """``completed`` for the submitted attempt, ``answered`` for each of its responses."""
    quiz = attempt.quiz
    course = quiz.course
    who = actor(attempt.user)
    at = attempt.submitted_at or timezone.now()
    quiz_activity = {
        "objectType": "Activity",
        "id": f"{site()}/quizzes/{quiz.pk}/",
        "definition": {"type": ASSESSMENT, "name": _en(quiz.title)},
    }
    course_activity = _course_activity(course)
    result: dict[str, Any] = {"completion": True}
    if attempt.score is not None and attempt.max_score:
        result["score"] = {
            "scaled": round(attempt.score / attempt.max_score, 4),
            "raw": attempt.score,
            "min": 0,
            "max": attempt.max_score,
        }
        if quiz.pass_mark is not None:
            result["success"] = 100 * attempt.score / attempt.max_score >= quiz.pass_mark
    result["duration"] = _duration((at - attempt.started_at).total_seconds())
    statements = [
        {
            "id": statement_id("attempt", attempt.pk, "completed"),
            "actor": who,
            "verb": COMPLETED,
            "object": quiz_activity,
            "result": result,
            "context": {
                "platform": "Retain",
                "contextActivities": {"grouping": [course_activity]},
                "extensions": {f"{site()}/xapi/attempt-number": attempt.number},
            },
            "timestamp": at.isoformat(),
            "version": VERSION,
        }
    ]
    for response in attempt.responses.select_related("question", "version").order_by("slot"):
        definition: dict[str, Any] = {
            "type": INTERACTION,
            "name": _en(response.version.prompt[:200]),
            "interactionType": INTERACTION_TYPES.get(response.question.type, "other"),
        }
        answered: dict[str, Any] = {}
        if response.score is not None:
            answered["score"] = {"scaled": round(response.score, 4), "min": 0, "max": 1}
        if response.correct is not None:
            answered["success"] = response.correct
        text = _response_text(response.answer)
        if text:
            answered["response"] = text
        statement: dict[str, Any] = {
            "id": statement_id("response", response.pk, "answered"),
            "actor": who,
            "verb": ANSWERED,
            "object": {
                "objectType": "Activity",
                "id": f"{site()}/questions/{response.question_id}/",
                "definition": definition,
            },
            "context": {
                "platform": "Retain",
                "contextActivities": {"parent": [quiz_activity], "grouping": [course_activity]},
            },
            "timestamp": (response.saved_at or at).isoformat(),
            "version": VERSION,
        }
        if answered:
            statement["result"] = answered
        statements.append(statement)
    return statements


def review_statements(review: Review) -> list[dict[str, Any]]:
    """``answered`` for one card review (none for an undone review)."""
    if review.undone_at is not None:
        return []
    card = review.card
    parents = []
    if review.deck_id is not None:
        parents.append(
            {
                "objectType": "Activity",
                "id": f"{site()}/decks/{review.deck_id}/",
                "definition": {
                    "type": MODULE,
                    "name": _en(review.deck.title if review.deck else ""),
                },
            }
        )
    context: dict[str, Any] = {
        "platform": "Retain",
        "contextActivities": {"grouping": [_course_activity(card.course)]},
    }
    if parents:
        context["contextActivities"]["parent"] = parents
    result: dict[str, Any] = {
        "response": RATINGS.get(review.rating, str(review.rating)),
        "success": review.rating > 1,
        "extensions": {f"{site()}/xapi/fsrs-rating": review.rating},
    }
    if review.duration_ms:
        result["duration"] = _duration(review.duration_ms / 1000)
    return [
        {
            "id": statement_id("review", review.pk, "answered"),
            "actor": actor(review.user),
            "verb": ANSWERED,
            "object": {
                "objectType": "Activity",
                "id": f"{site()}/cards/{card.pk}/",
                "definition": {
                    "type": INTERACTION,
                    "name": _en(card.front[:200]),
                    "interactionType": "other",
                },
            },
            "result": result,
            "context": context,
            "timestamp": review.reviewed_at.isoformat(),
            "version": VERSION,
        }
    ]


def practice_statements(answer: PracticeAnswer) -> list[dict[str, Any]]:
    """``answered`` for one question answered in a practice session (outside any quiz)."""
    question = answer.question
    result: dict[str, Any] = {
        "score": {"scaled": round(answer.score, 4), "min": 0, "max": 1},
        "success": answer.correct,
    }
    text = _response_text(answer.answer)
    if text:
        result["response"] = text
    return [
        {
            "id": statement_id("practice", answer.pk, "answered"),
            "actor": actor(answer.user),
            "verb": ANSWERED,
            "object": {
                "objectType": "Activity",
                "id": f"{site()}/questions/{question.pk}/",
                "definition": {
                    "type": INTERACTION,
                    "name": _en(answer.version.prompt[:200]),
                    "interactionType": INTERACTION_TYPES.get(question.type, "other"),
                },
            },
            "result": result,
            "context": {
                "platform": "Retain",
                "contextActivities": {"grouping": [_course_activity(answer.course)]},
            },
            "timestamp": answer.answered_at.isoformat(),
            "version": VERSION,
        }
    ]


def check_statement(statement: dict[str, Any]) -> None:
    """Raise ``ValueError`` if ``statement`` is not a valid xAPI statement (Ralph's models)."""
    try:
        BaseXapiStatement.model_validate(statement)
    except ValidationError as error:
        raise ValueError(f"invalid xAPI statement {statement.get('id')}: {error}") from error


def statements_record(
    *, kind: str, course_id: int, object_id: str, now: datetime | None = None
) -> int:
    """Store the statements for one learner activity in the outbox (if the course has an
    enabled LRS). Returns how many new rows were stored (0 for a repeat)."""
    if not XapiSettings.objects.filter(course_id=course_id, enabled=True).exists():
        return 0
    statements: list[dict[str, Any]] = []
    if kind == "attempt-submitted":
        attempt = (
            Attempt.objects.select_related("quiz__course", "user").filter(pk=object_id).first()
        )
        if attempt is not None:
            statements = attempt_statements(attempt)
    elif kind == "review-recorded":
        review = (
            Review.objects.select_related("card__course", "deck", "user")
            .filter(pk=object_id)
            .first()
        )
        if review is not None:
            statements = review_statements(review)
    elif kind == "practice-answered":
        answer = (
            PracticeAnswer.objects.select_related("question", "version", "course", "user")
            .filter(pk=object_id)
            .first()
        )
        if answer is not None:
            statements = practice_statements(answer)
    return _store(course_id, statements, now or timezone.now())


def _store(course_id: int, statements: Iterable[dict[str, Any]], now: datetime) -> int:
    rows = []
    for statement in statements:
        try:
            check_statement(statement)
        except ValueError:
            log.exception("xAPI: a statement Retain built is invalid; not queued")
            continue
        rows.append(
            XapiOutbox(
                id=statement["id"],
                course_id=course_id,
                statement=statement,
                next_try_at=now,
                created_at=now,
            )
        )
    before = XapiOutbox.objects.filter(pk__in=[row.id for row in rows]).count()
    XapiOutbox.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows) - before


@dataclass
class DrainOutcome:
    sent: int = 0
    rejected: int = 0
    kept: int = 0  # left for later: the LRS was unreachable or refused us for now
    error: str = ""


def statements_url(endpoint: str) -> str:
    return endpoint.rstrip("/") + "/statements"


def outbox_drain(*, course_id: int, now: datetime | None = None) -> DrainOutcome:
    """Post the course's due statements to its LRS, a batch at a time, until none is due or
    the LRS stops accepting them."""
    now = now or timezone.now()
    outcome = DrainOutcome()
    lrs = XapiSettings.objects.filter(course_id=course_id, enabled=True).first()
    if lrs is None:
        return outcome
    while True:
        claim = uuid.uuid4()
        due = XapiOutbox.objects.filter(course_id=course_id).filter(
            Q(status=SyncStatus.PENDING, next_try_at__lte=now)
            | Q(status=SyncStatus.SENDING, claimed_at__lt=now - timedelta(minutes=5))
        )
        ids = list(due.order_by("created_at", "id").values_list("pk", flat=True)[:BATCH])
        if not ids:
            return outcome
        claimed = due.filter(pk__in=ids).update(
            status=SyncStatus.SENDING, claim=claim, claimed_at=now
        )
        if not claimed:
            continue
        rows = list(XapiOutbox.objects.filter(claim=claim).order_by("created_at", "id"))
        if not _post_batch(lrs, rows, now, outcome):
            return outcome


def _post(lrs: XapiSettings, statements: list[dict[str, Any]]) -> requests.Response:
    return http().post(
        statements_url(lrs.endpoint),
        json=statements,
        auth=(lrs.username, lrs.password) if lrs.username else None,
        headers={"X-Experience-API-Version": VERSION},
    )


def _post_batch(
    lrs: XapiSettings, rows: list[XapiOutbox], now: datetime, outcome: DrainOutcome
) -> bool:
    """Post one claimed batch; False when the LRS cannot take statements now."""
    try:
        response = _post(lrs, [row.statement for row in rows])
    except requests.RequestException as error:
        _keep(rows, now, f"The LRS is unreachable: {error}", outcome)
        return False
    if response.status_code in (200, 204):
        _sent(rows, now, outcome)
        return True
    if response.status_code in (400, 409):  # find the statement at fault, deliver the others
        for row in rows:
            try:
                single = _post(lrs, [row.statement])
            except requests.RequestException as error:
                _keep([row], now, f"The LRS is unreachable: {error}", outcome)
                continue
            if single.status_code in (200, 204):
                _sent([row], now, outcome)
            elif single.status_code in (400, 409):
                XapiOutbox.objects.filter(pk=row.pk).update(
                    status=SyncStatus.FAILED, claim=None, last_error=single.text[:2000]
                )
                outcome.rejected += 1
            else:
                _keep(
                    [row],
                    now,
                    f"The LRS answered {single.status_code}: {single.text[:300]}",
                    outcome,
                )
        return True
    _keep(rows, now, f"The LRS answered {response.status_code}: {response.text[:300]}", outcome)
    return False


def _sent(rows: list[XapiOutbox], now: datetime, outcome: DrainOutcome) -> None:
    XapiOutbox.objects.filter(pk__in=[row.pk for row in rows]).update(
        status=SyncStatus.SENT, sent_at=now, claim=None, last_error=""
    )
    outcome.sent += len(rows)


def _keep(rows: list[XapiOutbox], now: datetime, error: str, outcome: DrainOutcome) -> None:
    for row in rows:
        tries = row.tries + 1
        wait = min(timedelta(seconds=30 * 2 ** (tries - 1)), MAX_BACKOFF)
        XapiOutbox.objects.filter(pk=row.pk).update(
            status=SyncStatus.PENDING,
            tries=tries,
            next_try_at=now + wait,
            claim=None,
            last_error=error[:2000],
        )
    outcome.kept += len(rows)
    outcome.error = error
    log.warning("xAPI: %s statements kept for later: %s", len(rows), error)


def outbox_drain_due(*, now: datetime | None = None) -> dict[int, DrainOutcome]:
    """Drain every course with due statements (``manage.py lti_sync``)."""
    now = now or timezone.now()
    courses = (
        XapiOutbox.objects.filter(
            Q(status=SyncStatus.PENDING, next_try_at__lte=now)
            | Q(status=SyncStatus.SENDING, claimed_at__lt=now - timedelta(minutes=5))
        )
        .values_list("course_id", flat=True)
        .distinct()
    )
    return {course_id: outbox_drain(course_id=course_id, now=now) for course_id in list(courses)}


@transaction.atomic
def xapi_settings_save(
    *, course: Course, enabled: bool, endpoint: str, username: str = "", password: str = ""
) -> XapiSettings:
    """Set the course's LRS. An empty ``password`` keeps the stored one."""
    endpoint = endpoint.strip()
    if enabled and not endpoint.startswith(("https://", "http://")):
        raise LtiError("Give the LRS's xAPI endpoint URL (https://…/xAPI/).", field="endpoint")
    lrs, _ = XapiSettings.objects.get_or_create(course=course, defaults={"endpoint": endpoint})
    lrs.enabled, lrs.endpoint, lrs.username = enabled, endpoint, username.strip()
    if password:
        lrs.password = password
    lrs.save()
    return lrs
