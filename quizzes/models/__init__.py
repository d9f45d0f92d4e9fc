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
    RejectReason,
    Tag,
)
from quizzes.models.courses import Course, Membership, Role
from quizzes.models.generated import Claim, ClaimStance, Term
from quizzes.models.quizzes import (
    Attempt,
    AttemptState,
    GradingMethod,
    Quiz,
    QuizEvent,
    QuizLayout,
    QuizSlot,
    Response,
    SlotKind,
)
from quizzes.models.reports import ItemReport, ReportReason, ReportStatus
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
    "ItemReport",
    "ItemStatus",
    "Membership",
    "Origin",
    "Question",
    "QuestionType",
    "QuestionVersion",
    "RejectReason",
    "ReportReason",
    "ReportStatus",
    "Role",
    "Source",
    "SourceFormat",
    "SourceStatus",
    "Tag",
    "Term",
]
__all__ += [
    "Attempt",
    "AttemptState",
    "GradingMethod",
    "Quiz",
    "QuizEvent",
    "QuizLayout",
    "QuizSlot",
    "Response",
    "SlotKind",
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
from quizzes.models.practice import PracticeAnswer  # noqa: E402

__all__ += ["PracticeAnswer"]
from quizzes.models.lti import (  # noqa: E402
    DeckRule,
    LtiCourseContext,
    LtiGradeSync,
    LtiLogin,
    LtiPlacement,
    LtiPlacementLink,
    LtiPlatformOptions,
    LtiRegistrationInvite,
    PlacementKind,
    SyncStatus,
    XapiOutbox,
    XapiSettings,
)

__all__ += [
    "DeckRule",
    "LtiCourseContext",
    "LtiGradeSync",
    "LtiLogin",
    "LtiPlacement",
    "LtiPlacementLink",
    "LtiPlatformOptions",
    "LtiRegistrationInvite",
    "PlacementKind",
    "SyncStatus",
    "XapiOutbox",
    "XapiSettings",
]

from quizzes.models.accounts import ApiToken, TokenOrigin  # noqa: E402

__all__ += ["ApiToken", "TokenOrigin"]
from quizzes.models.jobs import SchedulerLease, WorkerHeartbeat  # noqa: E402

__all__ += ["SchedulerLease", "WorkerHeartbeat"]
from quizzes.models.interop import ImportBatch, ImportedItem, ImportStatus  # noqa: E402

__all__ += ["ImportBatch", "ImportStatus", "ImportedItem"]
