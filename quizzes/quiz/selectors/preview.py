"""An instructor's preview: the quiz run exactly as a student would meet it, recording nothing.

The layout is drawn by the same ``layout_draw`` an attempt uses (from a seed the preview keeps),
shown through the same ``view_of`` gate with the student's review policy, and graded by the same
grading — but the attempt and its responses are never saved. The preview's state (seed, answers,
flags, answers checked) travels with the page as JSON, so the database does not change at all:
not an attempt, not a response, not a question's "shown" mark, not a session.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from quizzes.errors import QuizError
from quizzes.models import Attempt, AttemptState, Question, QuestionVersion, Quiz, Response
from quizzes.quiz.selectors.attempts import AttemptView, view_of
from quizzes.quiz.services.attempts import clean_answer, grade_responses, layout_draw
from quizzes.quiz.services.grading import grade_answer

if TYPE_CHECKING:
    from django.contrib.auth.models import User

SEED_BITS = 62


@dataclass
class PreviewState:
    """What a preview has so far: ``{slot: answer}`` in the stored shape, flagged and checked
    slots. Built from the page's hidden JSON; anything malformed is dropped, never trusted."""

    seed: int = field(default_factory=lambda: secrets.randbits(SEED_BITS))
    answers: dict[int, Any] = field(default_factory=dict)
    flags: set[int] = field(default_factory=set)
    checked: set[int] = field(default_factory=set)

    def to_json(self) -> str:
        return json.dumps(
            {
                "seed": self.seed,
                "answers": {str(slot): answer for slot, answer in sorted(self.answers.items())},
                "flags": sorted(self.flags),
                "checked": sorted(self.checked),
            },
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, raw: str) -> PreviewState:
        """The state a page sent back; a new preview (new seed) when it is not one."""
        try:
            data = json.loads(raw)
            seed = int(data["seed"])
            answers = {int(slot): answer for slot, answer in dict(data["answers"]).items()}
            flags = {int(slot) for slot in data["flags"]}
            checked = {int(slot) for slot in data["checked"]}
        except (ValueError, TypeError, KeyError, AttributeError):
            return cls()
        if not 0 <= seed < 2**SEED_BITS:
            return cls()
        return cls(seed=seed, answers=answers, flags=flags, checked=checked)


@dataclass
class Preview:
    """The preview as a student would see it now, with the frozen layout it was drawn from."""

    view: AttemptView
    layout: list[dict[str, Any]]
    prompts: dict[int, str]  # slot -> prompt, to check a posted answer's shape


def preview_view(
    *,
    quiz: Quiz,
    user: User,
    state: PreviewState,
    submitted: bool = False,
    now: datetime | None = None,
) -> Preview:
    """Draw ``quiz`` from ``state.seed`` and show it with ``state``'s answers: open (the review
    policy "during", checked answers graded), or ``submitted`` (every answer graded, the policy
    "after submitting"). Reads only. Answers that do not fit their question are dropped from
    ``state`` in place; so are flags and checks of slots the layout does not have."""
    now = now or timezone.now()
    layout = layout_draw(quiz=quiz, user=user, seed=state.seed)
    questions = Question.objects.select_related("source").in_bulk(
        [entry["question"] for entry in layout]
    )
    versions = QuestionVersion.objects.in_bulk([entry["version"] for entry in layout])
    attempt = Attempt(
        quiz=quiz,
        user=user,
        number=0,
        seed=state.seed,
        layout=layout,
        started_at=now,
        state=AttemptState.SUBMITTED if submitted else AttemptState.IN_PROGRESS,
        submitted_at=now if submitted else None,
        max_score=sum(entry["points"] for entry in layout),
    )
    slots = {entry["slot"] for entry in layout}
    state.flags &= slots
    state.checked &= slots
    state.answers = {slot: answer for slot, answer in state.answers.items() if slot in slots}
    responses = []
    for entry in layout:
        slot, version = entry["slot"], versions[entry["version"]]
        try:
            answer = clean_answer(entry, version.prompt, state.answers.get(slot))
        except QuizError:
            answer = None
        if answer is None:
            state.answers.pop(slot, None)
            state.checked.discard(slot)
        else:
            state.answers[slot] = answer
        response = Response(
            slot=slot,
            question=questions[entry["question"]],
            version=version,
            points=entry["points"],
            answer=answer,
            saved_at=now if answer is not None else None,
            checked=slot in state.checked,
            flagged=slot in state.flags,
        )
        if response.checked:
            result = grade_answer(response.question.type, version, answer)
            response.score, response.correct = result.score, result.correct
        responses.append(response)
    if submitted:
        attempt.score = round(grade_responses(responses), 6)
    return Preview(
        view=view_of(attempt, responses, now=now),
        layout=layout,
        prompts={entry["slot"]: versions[entry["version"]].prompt for entry in layout},
    )
