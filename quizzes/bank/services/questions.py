"""Writes for the question bank: author, edit (with versions), approve, reject, tag, delete.

A ``Question`` is an identity; its content lives in ``QuestionVersion``s and ``current`` points at
the latest. The versioning rule: a question that is still a draft and has never been shown to a
student may have its current version amended in place; once it has been approved, rejected or
shown, every saved change makes version N+1 and earlier versions are never changed (quizzes pin
versions, and attempts keep the version they showed). Every instructor action appends an
``ItemEvent`` whose ``detail["changes"]`` holds ``{field: [before, after]}`` for the history page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from django.db import transaction
from django.db.models import Max, ProtectedError
from django.utils import timezone

from quizzes.bank.compare import changed_fields
from quizzes.bank.rules import QUESTION_TYPES, QuestionContent, clean_question
from quizzes.bank.services.items import (
    UNSET,
    Unset,
    event_record,
    links_check,
    links_update,
    refuse,
    reject,
    status_change,
    tags_edit,
    tags_resolve,
    tags_set,
)
from quizzes.errors import BankError
from quizzes.models import (
    Card,
    Claim,
    Course,
    ItemStatus,
    Origin,
    Question,
    QuestionVersion,
    Source,
    Term,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

CONTENT_FIELDS = ("prompt", "choices", "accepted", "truth", "explanation", "difficulty")
ChangeMode = Literal["amended", "new_version", "unchanged"]


@dataclass(frozen=True)
class QuestionChange:
    """What ``question_update`` did: amended the current version, made a new one, or nothing."""

    question: Question
    mode: ChangeMode
    changes: dict[str, list[object]] = field(default_factory=dict)


def version_content(version: QuestionVersion | None) -> dict[str, Any]:
    """A version's content as plain values (``CONTENT_FIELDS``)."""
    if version is None:
        return {
            "prompt": "",
            "choices": [],
            "accepted": [],
            "truth": None,
            "explanation": "",
            "difficulty": None,
        }
    return {name: getattr(version, name) for name in CONTENT_FIELDS}


def question_content_check(question: Question, *, prefix: str = "") -> QuestionContent:
    """The question's current content, tidied; raises ``BankContentError`` if it breaks a rule."""
    content, problems = clean_question(question.type, **version_content(question.current))
    refuse(problems, prefix=prefix)
    return content


@transaction.atomic
def question_create(
    *,
    course: Course,
    user: AbstractBaseUser | None,
    type: str,
    prompt: str,
    choices: Sequence[Mapping[str, object]] = (),
    accepted: Iterable[str] = (),
    truth: bool | None = None,
    explanation: str = "",
    difficulty: int | None = None,
    tags: Iterable[str] = (),
    source: Source | None = None,
    term: Term | None = None,
    claim: Claim | None = None,
    origin: str = Origin.AUTHORED,
    generator: str = "",
    score: float = 0.0,
    evidence: tuple[int, int, str] | None = None,
    approve: bool = False,
) -> Question:
    """Create a question with version 1 (a draft unless ``approve``) and audit it.

    ``evidence`` is ``(start, end, text)`` in the article's cleaned text; without it, the claim's
    or term's evidence is used. Raises ``BankContentError`` (every problem, the first one's field
    named) for content that breaks a rule, and ``BankError`` for an article, term or claim from
    another course. Nothing is saved then.
    """
    if type not in QUESTION_TYPES:
        raise BankError(f"Choose a question type: {', '.join(QUESTION_TYPES)}.", field="type")
    content, problems = clean_question(
        type,
        prompt=prompt,
        choices=choices,
        accepted=accepted,
        truth=truth,
        explanation=explanation,
        difficulty=difficulty,
    )
    refuse(problems)
    source = links_check(course, source=source, term=term, claim=claim)
    tag_list = tags_resolve(course, tags)
    if evidence is None:
        anchor = claim or term
        evidence = (
            (anchor.evidence_start, anchor.evidence_end, anchor.evidence_text)
            if anchor is not None
            else (0, 0, "")
        )
    question = Question.objects.create(
        course=course,
        source=source,
        term=term,
        claim=claim,
        type=type,
        origin=origin,
        generator=generator,
        score=score,
        # An instructor's own question must survive regeneration of the article's drafts.
        touched=origin == Origin.AUTHORED,
        created_by=user,
    )
    version = QuestionVersion.objects.create(
        question=question,
        number=1,
        created_by=user,
        evidence_start=evidence[0],
        evidence_end=evidence[1],
        evidence_text=evidence[2],
        **content.as_dict(),
    )
    question.current = version
    question.save(update_fields=["current"])
    if tag_list:
        question.tags.set(tag_list)
    event_record(
        item=question,
        actor=user,
        action="create",
        detail={"version": 1, "type": type, "origin": origin, "tags": [t.name for t in tag_list]},
    )
    if approve:
        question_approve(question=question, user=user)
    return question


@transaction.atomic
def question_update(
    *,
    question: Question,
    user: AbstractBaseUser | None,
    prompt: str | Unset = UNSET,
    choices: Sequence[Mapping[str, object]] | Unset = UNSET,
    accepted: Iterable[str] | Unset = UNSET,
    truth: bool | Unset | None = UNSET,
    explanation: str | Unset = UNSET,
    difficulty: int | Unset | None = UNSET,
    tags: Iterable[str] | Unset = UNSET,
    source: Source | Unset | None = UNSET,
    term: Term | Unset | None = UNSET,
    claim: Claim | Unset | None = UNSET,
    approve: bool = False,
) -> QuestionChange:
    """Change what was given (anything left ``UNSET`` stays) and audit it as one ``edit`` event.

    Content changes amend the current version while the question is an unshown draft, and make
    version N+1 otherwise. ``approve`` approves it in the same transaction (edit-then-approve).
    Raises ``BankContentError`` / ``BankError`` and saves nothing when the result breaks a rule
    or the question is archived.
    """
    # Lock the row alone, then read its current version in a fresh query: a join taken with the
    # lock would come from the snapshot before a concurrent edit committed its new version.
    locked = Question.objects.select_for_update().get(pk=question.pk)
    if locked.status == ItemStatus.ARCHIVED:
        raise BankError("This question is archived; it can no longer be edited.", field="status")
    before = version_content(locked.current)
    given = {
        "prompt": prompt,
        "choices": choices,
        "accepted": accepted,
        "truth": truth,
        "explanation": explanation,
        "difficulty": difficulty,
    }
    wanted = {**before, **{k: v for k, v in given.items() if v is not UNSET}}
    content, problems = clean_question(locked.type, **wanted)
    refuse(problems)
    after = content.as_dict()
    changes = changed_fields(before, after, CONTENT_FIELDS)
    mode: ChangeMode = "unchanged"
    if changes:
        mode = _save_content(locked, user=user, content=after)
    changes.update(links_update(locked, source=source, term=term, claim=claim))
    if tags is not UNSET:
        changes.update(tags_set(locked, tags))
    if changes:
        locked.touched = True
        locked.save()
        event_record(
            item=locked,
            actor=user,
            action="edit",
            detail={"version": locked.current.number, "mode": mode, "changes": changes},
        )
    if approve:
        question_approve(question=locked, user=user)
    return QuestionChange(question=locked, mode=mode, changes=changes)


def _save_content(
    question: Question, *, user: AbstractBaseUser | None, content: dict[str, object]
) -> ChangeMode:
    current = question.current
    if current is not None and question.status == ItemStatus.DRAFT and question.shown_at is None:
        for name, value in content.items():
            setattr(current, name, value)
        current.save(update_fields=list(content))
        return "amended"
    number = (question.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    question.current = QuestionVersion.objects.create(
        question=question,
        number=number,
        created_by=user,
        evidence_start=current.evidence_start if current else 0,
        evidence_end=current.evidence_end if current else 0,
        evidence_text=current.evidence_text if current else "",
        edit=None,  # a recorded generator edit describes version 1's false statement only
        **content,
    )
    return "new_version"


@transaction.atomic
def question_approve(
    *, question: Question, user: AbstractBaseUser | None, detail: Mapping[str, object] | None = None
) -> Question:
    """Approve a question so quizzes may use it. Idempotent (approving twice audits once).

    Raises ``BankContentError`` when its current content breaks a rule (a generated draft may),
    and ``BankError`` when it is archived.
    """
    question_content_check(question, prefix="Fix this question before approving it: ")
    status_change(
        question,
        user=user,
        to=ItemStatus.APPROVED,
        detail={"version": question.current.number, **(detail or {})},
    )
    return question


@transaction.atomic
def question_reject(
    *,
    question: Question,
    user: AbstractBaseUser | None,
    reason: str = "",
    detail: Mapping[str, object] | None = None,
) -> Question:
    """Reject a question: it stays in the bank (regeneration will not bring it back) but no quiz
    draws it. Idempotent. Raises ``BankError`` when it is archived."""
    reject(question, user=user, reason=reason, detail=detail)
    return question


@transaction.atomic
def question_tag(
    *,
    question: Question,
    user: AbstractBaseUser | None,
    add: Iterable[str] = (),
    remove: Iterable[str] = (),
    detail: Mapping[str, object] | None = None,
) -> Question:
    """Add and remove tags (names; new ones are created for the course) and audit the change."""
    tags_edit(question, user=user, add=add, remove=remove, detail=detail)
    return question


@transaction.atomic
def question_delete(*, question: Question, user: AbstractBaseUser | None) -> str:
    """Delete a question that no student has seen; archive it otherwise. Returns ``"deleted"`` or
    ``"archived"``. Archived questions keep their versions and history and leave every list."""
    if question.shown_at is None:
        try:
            with transaction.atomic():
                question.delete()
        except ProtectedError:  # something (a quiz slot) still points at it
            pass
        else:
            return "deleted"
    if question.status != ItemStatus.ARCHIVED:
        before = question.status
        question.status = ItemStatus.ARCHIVED
        question.touched = True
        question.save(update_fields=["status", "touched", "updated_at"])
        event_record(item=question, actor=user, action="archive", detail={"from": before})
    return "archived"


def question_mark_shown(*, question_ids: Iterable[int]) -> int:
    """Record that students have now seen these questions (the quiz engine calls this when an
    attempt starts). From then on, edits make new versions and delete archives. Returns how many
    were seen for the first time."""
    return Question.objects.filter(pk__in=list(question_ids), shown_at__isnull=True).update(
        shown_at=timezone.now()
    )


@dataclass(frozen=True)
class ApprovedBest:
    questions: list[int]
    cards: list[int]


@transaction.atomic
def bank_approve_best(
    *, course: Course, source: Source, user: AbstractBaseUser | None, questions: int, cards: int
) -> ApprovedBest:
    """Approve up to ``questions`` draft questions and ``cards`` draft cards of an article, best
    score first, taking each type in turn and preferring items that test a claim or term not yet
    covered. Drafts whose content breaks a rule are skipped. Safe to run again (it tops up)."""
    from quizzes.bank.services.cards import card_approve

    drafts = list(
        Question.objects.filter(course=course, source=source, status=ItemStatus.DRAFT)
        .select_related("current")
        .order_by("-score", "id")
    )
    usable = [q for q in drafts if not clean_question(q.type, **version_content(q.current))[1]]
    chosen_q = _spread(usable, questions, group=lambda q: q.type, tests=_tests)
    for question in chosen_q:
        question_approve(question=question, user=user, detail={"via": "best"})
    card_drafts = list(
        Card.objects.filter(course=course, source=source, status=ItemStatus.DRAFT).order_by(
            "-score", "id"
        )
    )
    chosen_c = _spread(
        card_drafts, cards, group=lambda c: c.kind, tests=lambda c: c.sibling_key or _tests(c)
    )
    approved_cards = []
    for card in chosen_c:
        try:
            card_approve(card=card, user=user, detail={"via": "best"})
        except BankError:
            continue
        approved_cards.append(card.pk)
    return ApprovedBest(questions=[q.pk for q in chosen_q], cards=approved_cards)


def _tests(item: Question | Card) -> str:
    if item.claim_id:
        return f"claim:{item.claim_id}"
    if item.term_id:
        return f"term:{item.term_id}"
    return f"item:{item.pk}"


def _spread[Item: (Question, Card)](
    items: Sequence[Item], limit: int, *, group: Callable[[Item], str], tests: Callable[[Item], str]
) -> list[Item]:
    """Pick ``limit`` items (already best first): round-robin over groups, a new claim/term first."""
    queues: dict[str, list[Item]] = {}
    for item in items:
        queues.setdefault(group(item), []).append(item)
    chosen: list[Item] = []
    seen: set[str] = set()
    for fresh_only in (True, False):
        progress = True
        while len(chosen) < limit and progress:
            progress = False
            for queue in queues.values():
                pick = next(
                    (
                        i
                        for i in queue
                        if i not in chosen and (not fresh_only or tests(i) not in seen)
                    ),
                    None,
                )
                if pick is None or len(chosen) >= limit:
                    continue
                chosen.append(pick)
                seen.add(tests(pick))
                progress = True
    return chosen
