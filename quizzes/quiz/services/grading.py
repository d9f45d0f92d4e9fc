"""Grade a stored answer against a stored ``QuestionVersion`` with the pure ``quizzes.bank.scoring``.

The bank names types ``mcq``/``mcq_multi``; scoring names them ``mcq_single``/``mcq_multiple``:
this module is the one place that translates, and the one place that reads a version's answer key.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

from quizzes.bank import scoring
from quizzes.models import QuestionType

if TYPE_CHECKING:
    from quizzes.models import QuestionVersion

logger = logging.getLogger(__name__)

SCORING_TYPE: dict[str, scoring.QuestionType] = {
    QuestionType.MCQ: "mcq_single",
    QuestionType.MCQ_MULTI: "mcq_multiple",
    QuestionType.TRUE_FALSE: "true_false",
    QuestionType.CLOZE: "cloze",
    QuestionType.SHORT_ANSWER: "short_answer",
}

# A cloze blank is written as four or more underscores in the prompt.
BLANK = re.compile(r"_{4,}")


def blank_count(prompt: str) -> int:
    """How many blanks a cloze prompt has (at least one: a prompt without one asks for one)."""
    return max(1, len(BLANK.findall(prompt)))


def content_of(qtype: str, version: QuestionVersion) -> scoring.QuestionContent:
    """The answer key of ``version`` for scoring. Raises ``ValueError`` if it cannot be graded.

    A cloze's ``accepted`` is a list of answers for its one blank, or a list of such lists (one
    per blank) when it has several.
    """
    accepted = list(version.accepted or [])
    blanks: list[list[str]] = []
    if qtype == QuestionType.CLOZE and accepted and all(isinstance(a, list) for a in accepted):
        blanks, accepted = accepted, []
    return scoring.QuestionContent.from_dict(
        {
            "type": SCORING_TYPE.get(qtype, qtype),
            "choices": version.choices or [],
            "accepted": accepted,
            "truth": version.truth,
            "blanks": blanks,
        }
    )


def grade_answer(qtype: str, version: QuestionVersion, answer: object) -> scoring.Grade:
    """Grade ``answer``; a version that cannot be graded scores 0 (and is logged), never raises."""
    try:
        content = content_of(qtype, version)
    except ValueError as error:
        logger.warning("Question version %s cannot be graded: %s", version.pk, error)
        return scoring.Grade(score=0.0, correct=False, detail="this question cannot be graded")
    return scoring.grade(content, answer)


def correct_answer_text(qtype: str, version: QuestionVersion) -> str:
    """The right answer in words, for feedback once the review policy allows it."""
    if qtype in (QuestionType.MCQ, QuestionType.MCQ_MULTI):
        return "; ".join(c.get("text", "") for c in version.choices or [] if c.get("correct"))
    if qtype == QuestionType.TRUE_FALSE:
        return "" if version.truth is None else str(version.truth)
    accepted = version.accepted or []
    if accepted and all(isinstance(a, list) for a in accepted):
        return " … ".join(str(a[0]) for a in accepted if a)
    return str(accepted[0]) if accepted else ""
