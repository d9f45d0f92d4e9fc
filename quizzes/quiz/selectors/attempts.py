"""What a viewer may see of an attempt, by the quiz's review policy — the one gate for pages and API.

Everything a page or the API shows of an attempt comes from ``attempt_view``: questions as the
student saw them (prompt, choices in the frozen order, no answer key) and, only where the review
policy of the current phase allows it, the score, which answers were right, the right answers and
the explanations with their source sentences. Instructors see everything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypedDict, cast

from django.utils import timezone

from quizzes.models import Attempt, AttemptState, QuestionType, Quiz, Response
from quizzes.models.quizzes import REVIEW_ITEMS
from quizzes.quiz.selectors.quizzes import attempt_settled, attempts_for, quiz_grade
from quizzes.quiz.services.grading import BLANK, correct_answer_text

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django_stubs_ext import WithAnnotations


class ScoreShown(TypedDict):
    """What ``quiz_standing`` adds to each attempt: whether its score may show now."""

    show_score: bool


NOTHING = dict.fromkeys(REVIEW_ITEMS, False)
EVERYTHING = dict.fromkeys(REVIEW_ITEMS, True)


def review_phase(attempt: Attempt, *, now: datetime | None = None) -> str:
    """``during`` while open, ``after_close`` once the quiz's close time passed, else
    ``after_submit``."""
    if attempt.is_open:
        return "during"
    quiz = attempt.quiz
    if quiz.closes_at is not None and (now or timezone.now()) >= quiz.closes_at:
        return "after_close"
    return "after_submit"


def review_policy(attempt: Attempt, *, instructor: bool, now: datetime | None = None) -> dict:
    """What may show now: ``{"score", "correctness", "answers", "explanations"}`` booleans."""
    if instructor:
        return dict(EVERYTHING)
    return attempt.quiz.review(review_phase(attempt, now=now))


@dataclass
class Feedback:
    """Feedback on one response; a field is None where the policy withholds it."""

    score: float | None = None  # points earned
    correct: bool | None = None
    right_choices: list[str] | None = None  # choice ids that are correct
    correct_answer: str | None = None
    explanation: str | None = None
    source_sentence: str | None = None
    source_title: str | None = None


@dataclass
class Choice:
    id: str
    text: str


@dataclass
class Item:
    """One question of the attempt as its viewer may see it."""

    slot: int
    type: str
    type_label: str
    prompt: str
    choices: list[Choice]
    points: float
    answer: Any
    sequence: int
    saved: bool
    checked: bool
    flagged: bool = False  # the student flagged it for review
    error: str = ""  # why the take page refused the answer posted for it
    blanks: int = 1
    prompt_parts: list[str] = field(default_factory=list)  # a cloze prompt split at its blanks
    feedback: Feedback | None = None
    question_id: int = 0  # the bank question (a learner may report it from the feedback)

    @property
    def answered(self) -> bool:
        return self.answer is not None

    @property
    def chosen_ids(self) -> list[str]:
        """The choice ids the saved answer picks (for checking boxes and marking choices)."""
        if self.answer is None or self.type not in (QuestionType.MCQ, QuestionType.MCQ_MULTI):
            return []
        return [str(a) for a in self.answer] if isinstance(self.answer, list) else [self.answer]

    @property
    def cloze_segments(self) -> list[tuple[str, int | None, str]]:
        """A cloze prompt as (text, blank number or None after the last text, saved answer)."""
        answers = self.answer if isinstance(self.answer, list) else []
        last = len(self.prompt_parts) - 1
        return [
            (text, n + 1 if n < last else None, answers[n] if n < min(last, len(answers)) else "")
            for n, text in enumerate(self.prompt_parts)
        ]

    @property
    def answer_text(self) -> str:
        """The saved answer in words (choice texts for multiple choice)."""
        if self.answer is None:
            return ""
        if self.type in (QuestionType.MCQ, QuestionType.MCQ_MULTI):
            picked: list[str] = self.answer if isinstance(self.answer, list) else [self.answer]
            texts = {c.id: c.text for c in self.choices}
            return "; ".join(texts.get(p, p) for p in picked)
        if self.type == QuestionType.TRUE_FALSE:
            return "True" if self.answer else "False"
        if isinstance(self.answer, list):
            return " … ".join(a or "(blank)" for a in self.answer)
        return str(self.answer)


@dataclass
class AttemptView:
    attempt: Attempt
    quiz: Quiz
    phase: str
    policy: dict
    items: list[Item]
    score: float | None = None  # points, when the policy shows the score
    max_score: float = 0
    percent: float | None = None
    passed: bool | None = None

    @property
    def answered_count(self) -> int:
        return sum(item.answered for item in self.items)

    @property
    def unanswered_slots(self) -> list[int]:
        return [item.slot for item in self.items if not item.answered]

    @property
    def flagged_slots(self) -> list[int]:
        return [item.slot for item in self.items if item.flagged]


def attempt_view(
    attempt: Attempt, *, instructor: bool = False, now: datetime | None = None
) -> AttemptView:
    """The attempt as ``instructor`` (or its student) may see it now. Two queries."""
    responses = Response.objects.filter(attempt=attempt).select_related(
        "version", "question", "question__source"
    )
    return view_of(attempt, list(responses), instructor=instructor, now=now)


def view_of(
    attempt: Attempt,
    responses: list[Response],
    *,
    instructor: bool = False,
    now: datetime | None = None,
) -> AttemptView:
    """``attempt_view`` over responses in hand (stored ones, or a preview's unsaved ones)."""
    phase = review_phase(attempt, now=now)
    policy = review_policy(attempt, instructor=instructor, now=now)
    by_slot = {r.slot: r for r in responses}
    items = [
        _item(entry, by_slot[entry["slot"]], policy, phase, instructor)
        for entry in attempt.layout
        if entry["slot"] in by_slot
    ]
    view = AttemptView(
        attempt=attempt,
        quiz=attempt.quiz,
        phase=phase,
        policy=policy,
        items=items,
        max_score=attempt.max_score,
    )
    if policy["score"] and not attempt.is_open:
        view.score, view.percent = attempt.score, attempt.percent
        if attempt.quiz.pass_mark is not None and view.percent is not None:
            view.passed = view.percent >= attempt.quiz.pass_mark
    return view


def _item(
    entry: dict[str, Any], response: Response, policy: dict, phase: str, instructor: bool
) -> Item:
    version = response.version
    texts = {str(c["id"]): str(c.get("text", "")) for c in version.choices or []}
    # The frozen order first; a choice added by a later version (after a regrade) goes last.
    order = [i for i in entry["choices"] if i in texts] + [
        i for i in texts if i not in entry["choices"]
    ]
    qtype = response.question.type
    item = Item(
        slot=response.slot,
        type=qtype,
        type_label=QuestionType(qtype).label if qtype in QuestionType.values else qtype,
        prompt=version.prompt,
        choices=[Choice(id=i, text=texts[i]) for i in order],
        points=response.points,
        answer=response.answer,
        sequence=response.sequence,
        saved=response.saved_at is not None,
        checked=response.checked,
        flagged=response.flagged,
        question_id=response.question_id,
    )
    if qtype == QuestionType.CLOZE:
        item.prompt_parts = BLANK.split(version.prompt)
        item.blanks = max(1, len(item.prompt_parts) - 1)
    graded = response.score is not None and (phase != "during" or response.checked or instructor)
    if graded and any(policy.values()):
        item.feedback = _feedback(qtype, response, policy)
    return item


def _feedback(qtype: str, response: Response, policy: dict) -> Feedback:
    version = response.version
    feedback = Feedback()
    if policy["score"]:
        feedback.score = round((response.score or 0) * response.points, 4)
    if policy["correctness"]:
        feedback.correct = bool(response.correct)
    if policy["answers"]:
        feedback.correct_answer = correct_answer_text(qtype, version)
        if qtype in (QuestionType.MCQ, QuestionType.MCQ_MULTI):
            feedback.right_choices = [str(c["id"]) for c in version.choices if c.get("correct")]
    if policy["explanations"]:
        feedback.explanation = version.explanation
        feedback.source_sentence = version.evidence_text or None
        source = response.question.source
        feedback.source_title = source.title if source else None
    return feedback


@dataclass
class QuizStanding:
    """Where a student stands with a quiz: their attempts (each with ``show_score``), the open
    one, their grade where every submitted attempt's score may show, and what is left."""

    attempts: list[WithAnnotations[Attempt, ScoreShown]]
    open_attempt: Attempt | None
    grade: float | None
    question_count: int
    attempts_left: int | None


def quiz_standing(user: User, quiz: Quiz) -> QuizStanding:
    attempts = cast(
        "list[WithAnnotations[Attempt, ScoreShown]]",
        [attempt_settled(a) for a in attempts_for(user, quiz)],
    )
    for attempt in attempts:
        attempt.show_score = review_policy(attempt, instructor=False)["score"]
    submitted = [a for a in attempts if a.state == AttemptState.SUBMITTED]
    show_grade = bool(submitted) and all(a.show_score for a in submitted)
    return QuizStanding(
        attempts=attempts,
        open_attempt=next((a for a in attempts if a.is_open), None),
        grade=quiz_grade(quiz, user) if show_grade else None,
        question_count=sum(
            1 if kind == "fixed" else count
            for kind, count in quiz.slots.values_list("kind", "draw_count")
        ),
        attempts_left=None
        if quiz.max_attempts is None
        else max(0, quiz.max_attempts - len(attempts)),
    )
