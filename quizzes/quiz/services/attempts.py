"""Writes for attempts: start (or resume) one, save a response, submit, submit the overdue.

Every rule that keeps a quiz honest is enforced here, on the server: one open attempt per student
and quiz, the attempt limit, the opening and closing times, the deadline with its grace period, and
the per-response sequence number that turns a stale save (another tab, a replayed request) into a
409 instead of silently overwriting a newer answer.
"""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from quizzes.activity import activity_record
from quizzes.bank.kinds import QUESTION
from quizzes.bank.services.items import items_mark_shown
from quizzes.core.bounds import INT_MAX, has_nul
from quizzes.errors import AttemptClosedError, QuizError, StaleSaveError
from quizzes.models import (
    Attempt,
    AttemptState,
    ItemStatus,
    Question,
    QuestionType,
    Quiz,
    QuizSlot,
    Response,
    SlotKind,
)
from quizzes.quiz.selectors.draw import FACT_RELATED, draw_distinct, fact_keys
from quizzes.quiz.selectors.quizzes import attempt_is_overdue, draw_pool
from quizzes.quiz.services.grading import blank_count, grade_answer

if TYPE_CHECKING:
    from django.contrib.auth.models import User

MAX_TEXT_ANSWER = 1000  # characters; a short answer is a phrase, not an essay
CHOICE_TYPES = (QuestionType.MCQ, QuestionType.MCQ_MULTI)


@dataclass(frozen=True)
class SubmitOutcome:
    """The submitted attempt, and whether this call submitted it (False: it already was)."""

    attempt: Attempt
    submitted_now: bool


def attempt_start(*, quiz: Quiz, user: User, now: datetime | None = None) -> tuple[Attempt, bool]:
    """Start an attempt at ``quiz``, or return the student's open one: ``(attempt, created)``.

    The questions, their versions, their order and the order of their choices are drawn once, from
    a stored seed, and frozen in the attempt; a response row is made for each. An open attempt that
    is overdue is submitted first. Raises ``QuizError`` when the quiz is not published, not open
    yet, closed, out of attempts for this student, or has no question to show.
    """
    now = now or timezone.now()
    open_attempt = (
        Attempt.objects.filter(quiz=quiz, user=user, state=AttemptState.IN_PROGRESS)
        .select_related("quiz")
        .first()
    )
    if open_attempt is not None:
        if not attempt_is_overdue(open_attempt, now=now):
            return open_attempt, False
        attempt_submit(attempt=open_attempt, now=now, auto=True)
    _check_can_start(quiz, user, now)
    try:
        with transaction.atomic():
            return _create_attempt(quiz, user, now), True
    except IntegrityError:
        # A double click or a second tab raced us: it made the open attempt (or took the number).
        existing = Attempt.objects.filter(
            quiz=quiz, user=user, state=AttemptState.IN_PROGRESS
        ).first()
        if existing is None:
            raise
        return existing, False


def _check_can_start(quiz: Quiz, user: User, now: datetime) -> None:
    if not quiz.is_published:
        raise QuizError("This quiz is not published yet.")
    if quiz.opens_at and now < quiz.opens_at:
        raise QuizError(f"This quiz opens at {timezone.localtime(quiz.opens_at):%Y-%m-%d %H:%M}.")
    if quiz.closes_at and now >= quiz.closes_at:
        raise QuizError("This quiz has closed; no new attempts can start.")
    if quiz.max_attempts is not None:
        used = Attempt.objects.filter(quiz=quiz, user=user).count()
        if used >= quiz.max_attempts:
            raise QuizError(
                f"You have used all {quiz.max_attempts} attempt"
                f"{'s' if quiz.max_attempts != 1 else ''} this quiz allows."
            )


def _create_attempt(quiz: Quiz, user: User, now: datetime) -> Attempt:
    last = Attempt.objects.filter(quiz=quiz, user=user).aggregate(n=Max("number"))["n"] or 0
    seed = secrets.randbits(62)
    layout = layout_draw(quiz=quiz, user=user, seed=seed)
    if not layout:
        raise QuizError("This quiz has no questions to show right now. Tell your instructor.")
    deadline = None
    if quiz.time_limit_minutes:
        deadline = now + timedelta(minutes=quiz.time_limit_minutes)
    if quiz.closes_at and (deadline is None or deadline > quiz.closes_at):
        deadline = quiz.closes_at
    attempt = Attempt.objects.create(
        quiz=quiz,
        user=user,
        number=last + 1,
        seed=seed,
        layout=layout,
        started_at=now,
        deadline=deadline,
        max_score=sum(entry["points"] for entry in layout),
    )
    Response.objects.bulk_create(
        Response(
            attempt=attempt,
            slot=entry["slot"],
            question_id=entry["question"],
            version_id=entry["version"],
            points=entry["points"],
        )
        for entry in layout
    )
    _mark_shown([entry["question"] for entry in layout])
    return attempt


def _mark_shown(question_ids: list[int]) -> None:
    """From now on an edit to these questions makes a new version (the bank's rule)."""
    items_mark_shown(QUESTION, ids=question_ids)


def layout_draw(*, quiz: Quiz, user: User, seed: int) -> list[dict[str, Any]]:
    """Decide what an attempt shows, reproducibly from ``seed``.

    Fixed slots give their question (pinned version, or its current version while approved; a
    question no longer approved is left out). Random slots draw ``draw_count`` distinct approved
    questions, unseen ones (not in this student's earlier attempts at this quiz) first, and never
    two on the same claim, evidence sentence or list (nor one on a fixed question's) while the pool
    has others (``selectors.draw``). Questions never repeat within an attempt. Then questions and
    choices are shuffled as the quiz says.
    """
    rng = random.Random(seed)  # noqa: S311 - a layout, not a secret; the seed is stored
    slots = list(
        quiz.slots.select_related("quiz", "question__current", "question__claim", "version")
    )
    seen = set(
        Response.objects.filter(attempt__quiz=quiz, attempt__user=user).values_list(
            "question_id", flat=True
        )
    )
    used = {
        slot.question_id
        for slot in slots
        if slot.kind == SlotKind.FIXED and slot.question_id is not None
    }
    facts = {
        key
        for slot in slots
        if slot.kind == SlotKind.FIXED and slot.question is not None
        for key in fact_keys(slot.question, slot.version)
    }
    picked: list[tuple[QuizSlot, Question, Any]] = []
    placed: set[int] = set()
    for slot in slots:
        if slot.kind == SlotKind.FIXED:
            question = slot.question
            if question is None or question.status != ItemStatus.APPROVED or question.pk in placed:
                continue
            version = slot.version or question.current
            if version is None:
                continue
            picked.append((slot, question, version))
            placed.add(question.pk)
            continue
        pool = list(
            draw_pool(slot).exclude(pk__in=used).select_related(*FACT_RELATED).order_by("pk")
        )
        fresh = [q for q in pool if q.pk not in seen]
        stale = [q for q in pool if q.pk in seen]
        rng.shuffle(fresh)
        rng.shuffle(stale)
        for question in draw_distinct(fresh + stale, slot.draw_count, facts):
            picked.append((slot, question, question.current))
            used.add(question.pk)
            placed.add(question.pk)
            facts |= fact_keys(question)
    if quiz.shuffle_questions:
        rng.shuffle(picked)
    layout = []
    for number, (slot, question, version) in enumerate(picked, start=1):
        choices = [str(c["id"]) for c in version.choices or []]
        if quiz.shuffle_choices and question.type in CHOICE_TYPES:
            rng.shuffle(choices)
        layout.append(
            {
                "slot": number,
                "quiz_slot": slot.pk,
                "question": question.pk,
                "version": version.pk,
                "type": question.type,
                "choices": choices,
                "points": slot.points,
            }
        )
    return layout


def response_save(
    *,
    attempt: Attempt,
    slot: int,
    answer: object,
    sequence: int,
    check: bool = False,
    now: datetime | None = None,
) -> Response:
    """Save the answer at ``slot`` of an open attempt, if ``sequence`` is newer than the stored one.

    The same sequence with the same answer is a replay and returns the stored response; an older
    sequence, or the same one with another answer, raises ``StaleSaveError`` (409) with the stored
    number. ``check=True`` grades the answer now and makes it final, when the quiz's review policy
    gives feedback during the attempt. A save after the deadline and its grace period is refused
    with ``AttemptClosedError`` and the attempt is submitted with what was saved before. Raises
    ``QuizError`` for an unknown slot, a sequence number out of range or an answer of the wrong
    shape.

    The time of the save is taken once the attempt is locked, as ``attempt_submit`` takes its
    own: whichever of a save and a submit goes second sees the other's time, so a response is
    never saved after its attempt's ``submitted_at``.
    """
    if not 1 <= sequence <= INT_MAX:
        raise QuizError(f"The sequence number is between 1 and {INT_MAX}.", field="sequence")
    with transaction.atomic():
        locked = (
            Attempt.objects.select_for_update(of=("self",))
            .select_related("quiz")
            .get(pk=attempt.pk)
        )
        now = now or timezone.now()
        if locked.is_open and not attempt_is_overdue(locked, now=now):
            return _save(locked, slot, answer, sequence, check, now)
    if locked.is_open:
        locked = attempt_submit(attempt=locked, now=now, auto=True).attempt
    if locked.auto_submitted:
        raise AttemptClosedError(
            "Time is up: this answer arrived after the deadline, so it was not saved. The "
            "attempt was submitted with the answers saved in time."
        )
    raise AttemptClosedError("This attempt has been submitted; its answers can no longer change.")


def _save(
    attempt: Attempt, slot: int, answer: object, sequence: int, check: bool, now: datetime
) -> Response:
    response = (
        Response.objects.filter(attempt=attempt, slot=slot)
        .select_related("version", "question")
        .first()
    )
    if response is None:
        raise QuizError(f"This attempt has no question {slot}.", field="slot")
    entry = attempt.layout[slot - 1]
    cleaned = clean_answer(entry, response.version.prompt, answer)
    if sequence == response.sequence and cleaned == response.answer and not check:
        return response  # a replay of the save we already have
    if sequence <= response.sequence:
        raise StaleSaveError(
            "This answer was changed more recently (in another tab or on another device). "
            "Reload the page to see the latest answers.",
            current=response.sequence,
        )
    if response.checked:
        raise QuizError("You checked this answer, so it is final.", field="answer")
    fields = ["answer", "sequence", "saved_at"]
    response.answer, response.sequence, response.saved_at = cleaned, sequence, now
    if check:
        if not any(attempt.quiz.review("during").values()):
            raise QuizError("This quiz gives no feedback until you submit.", field="check")
        if cleaned is None:
            raise QuizError("Answer the question before checking it.", field="answer")
        result = grade_answer(response.question.type, response.version, cleaned)
        response.checked, response.score = True, result.score
        response.correct, response.detail = result.correct, result.detail[:200]
        fields += ["checked", "score", "correct", "detail"]
    response.save(update_fields=fields)
    return response


def clean_answer(entry: dict[str, Any], prompt: str, answer: object) -> Any:
    """Check an answer's shape for the layout entry and return it as stored (``None``: no answer).

    Multiple choice: a choice id shown in this attempt (a list of them for several answers);
    true/false: a boolean (or "true"/"false"); cloze: one string per blank; short answer: a string.
    Raises ``QuizError`` (field ``answer``) for anything else.
    """
    if answer is None or answer == "" or answer == []:
        return None
    qtype, choices = entry["type"], entry["choices"]
    if has_nul(answer):
        raise QuizError("An answer may not contain NUL (\\u0000) characters.", field="answer")
    if qtype == QuestionType.MCQ:
        if not isinstance(answer, str) or answer not in choices:
            raise QuizError("Choose one of the question's choices.", field="answer")
        return answer
    if qtype == QuestionType.MCQ_MULTI:
        picked = [answer] if isinstance(answer, str) else answer
        if not isinstance(picked, list) or any(c not in choices for c in picked):
            raise QuizError("Choose among the question's choices.", field="answer")
        return [c for c in choices if c in picked]  # display order, no repeats
    if qtype == QuestionType.TRUE_FALSE:
        if isinstance(answer, str) and answer.strip().lower() in ("true", "false"):
            return answer.strip().lower() == "true"
        if not isinstance(answer, bool):
            raise QuizError("Answer true or false.", field="answer")
        return answer
    if qtype == QuestionType.CLOZE:
        parts = [answer] if isinstance(answer, str) else answer
        blanks = blank_count(prompt)
        if not isinstance(parts, list) or len(parts) > blanks:
            raise QuizError(f"Fill in {blanks} blank{'s' if blanks > 1 else ''}.", field="answer")
        if any(not isinstance(p, str) or len(p) > MAX_TEXT_ANSWER for p in parts):
            raise QuizError("Each blank takes a short text answer.", field="answer")
        parts = [p.strip() for p in parts] + [""] * (blanks - len(parts))
        return parts if any(parts) else None
    if not isinstance(answer, str) or len(answer) > MAX_TEXT_ANSWER:
        raise QuizError(
            f"Type a text answer of at most {MAX_TEXT_ANSWER} characters.", field="answer"
        )
    return answer.strip() or None


def attempt_submit(
    *, attempt: Attempt, now: datetime | None = None, auto: bool = False
) -> SubmitOutcome:
    """Grade every response of the attempt and close it. Idempotent; safe against a double submit.

    The attempt row is locked (``select_for_update``) so two concurrent submits give one result:
    the second waits, sees the attempt submitted and returns it unchanged. The number of SQL
    queries does not depend on the number of questions (one read of the responses with their
    versions, one bulk update). ``auto`` records that the deadline submitted it.

    ``submitted_at`` is taken once the attempt is locked (see ``response_save``) and is never
    earlier than the latest response's ``saved_at`` (a ``now`` given by the caller, or a clock
    step back, cannot put a save after the submission).
    """
    with transaction.atomic():
        locked = (
            Attempt.objects.select_for_update(of=("self",))
            .select_related("quiz")
            .get(pk=attempt.pk)
        )
        if not locked.is_open:
            return SubmitOutcome(attempt=locked, submitted_now=False)
        now = now or timezone.now()
        responses = list(
            Response.objects.filter(attempt=locked).select_related("version", "question")
        )
        now = max([now, *(r.saved_at for r in responses if r.saved_at is not None)])
        earned = grade_responses(responses)
        Response.objects.bulk_update(responses, ["score", "correct", "detail"])
        locked.state = AttemptState.SUBMITTED
        locked.submitted_at = now
        locked.auto_submitted = auto
        locked.score = round(earned, 6)
        locked.max_score = sum(r.points for r in responses)
        locked.save(update_fields=["state", "submitted_at", "auto_submitted", "score", "max_score"])
        activity_record(
            kind="attempt-submitted",
            user_id=locked.user_id,
            course_id=locked.quiz.course_id,
            object_id=locked.pk,
            at=now,
            quiz_id=locked.quiz_id,
            score=locked.score,
            max_score=locked.max_score,
            auto=auto,
        )
    return SubmitOutcome(attempt=locked, submitted_now=True)


def grade_responses(responses: list[Response]) -> float:
    """Grade each response in place (score, correct, detail) and return the points earned."""
    earned = 0.0
    for response in responses:
        result = grade_answer(response.question.type, response.version, response.answer)
        response.score, response.correct, response.detail = (
            result.score,
            result.correct,
            result.detail[:200],
        )
        earned += result.score * response.points
    return earned


def attempts_submit_overdue(*, quiz: Quiz | None = None, now: datetime | None = None) -> int:
    """Submit every open attempt past its deadline and grace period (of ``quiz``, or all).

    Returns how many were submitted. Safe to run at any time and repeatedly: the periodic job
    (``quiz.tasks``) and the selectors that read a quiz's results run it.
    """
    now = now or timezone.now()
    candidates = Attempt.objects.filter(
        state=AttemptState.IN_PROGRESS, deadline__lt=now
    ).select_related("quiz")
    if quiz is not None:
        candidates = candidates.filter(quiz=quiz)
    submitted = 0
    for attempt in candidates:
        if attempt_is_overdue(attempt, now=now):
            submitted += attempt_submit(attempt=attempt, now=now, auto=True).submitted_now
    return submitted
