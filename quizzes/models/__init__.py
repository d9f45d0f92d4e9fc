"""Retain's models, one module per concern."""

from quizzes.models.bank import (
    Card,
    CardKind,
    CardVersion,
    ItemEvent,
    ItemStatus,
    Origin,
    Question,
    QuestionType,
    QuestionVersion,
    Tag,
)
from quizzes.models.courses import Course, Membership, Role
from quizzes.models.generated import Claim, ClaimStance, Term
from quizzes.models.sources import Source, SourceFormat, SourceStatus
from quizzes.models.study import (
    CardSchedule,
    Deck,
    DeckCard,
    DeckLearner,
    LearnerProfile,
    Review,
    ScheduleState,
)

__all__ = [
    "Card",
    "CardKind",
    "CardVersion",
    "Claim",
    "ClaimStance",
    "Course",
    "ItemEvent",
    "ItemStatus",
    "Membership",
    "Origin",
    "Question",
    "QuestionType",
    "QuestionVersion",
    "Role",
    "Source",
    "SourceFormat",
    "SourceStatus",
    "Tag",
    "Term",
]
__all__ += [
    "CardSchedule",
    "Deck",
    "DeckCard",
    "DeckLearner",
    "LearnerProfile",
    "Review",
    "ScheduleState",
]
