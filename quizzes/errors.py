"""Domain errors raised by services, with messages a person can act on.

The web layer shows them next to the field (or as a message); the API answers 4xx with the message.
"""

from __future__ import annotations


class RetainError(Exception):
    """A request that cannot be carried out as asked. ``field`` names the input at fault, if one is."""

    status_code = 400

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(RetainError):
    """No such object among those the user may see. Others' objects are "not found" too, never
    "forbidden": the answer must not tell that they exist. Pages answer 404, the API 404."""

    status_code = 404


class AccountError(RetainError):
    pass


class RateLimited(RetainError):
    """Too many attempts of one kind (wrong join codes, failed sign-ins): try again in
    ``retry_after`` seconds. Pages show the message; the API answers 429 with Retry-After."""

    status_code = 429

    def __init__(self, message: str, *, retry_after: int, field: str | None = None) -> None:
        super().__init__(message, field=field)
        self.retry_after = retry_after


class CourseError(RetainError):
    pass


class SourceError(RetainError):
    pass


class BankError(RetainError):
    pass


class ReportError(RetainError):
    pass


class BankContentError(BankError):
    """Content that breaks the bank's rules; ``problems`` lists every ``(field, message)``."""

    def __init__(self, problems: list[tuple[str, str]], *, prefix: str = "") -> None:
        super().__init__(prefix + problems[0][1], field=problems[0][0])
        self.problems = problems


class BankDuplicateError(BankError):
    """A hand-written item that nearly repeats live items of its course, saved without its author
    confirming it. ``duplicates`` lists those items, most alike first."""

    status_code = 409

    def __init__(self, message: str, *, duplicates: list[object]) -> None:
        super().__init__(message, field="confirm_duplicate")
        self.duplicates = duplicates


class ImportRefusedError(BankContentError):
    """A file that cannot be imported as a whole: unreadable, or with items Retain cannot take.
    ``problems`` lists ``("file", "<where>: <what>")`` for each, so every channel can name the
    line, row, item or note at fault."""


class ConflictError(RetainError):
    """The request clashes with the stored state (a stale save, a replay with other content)."""

    status_code = 409


class QuizError(RetainError):
    pass


class AttemptClosedError(QuizError):
    """The attempt no longer takes answers (submitted, or past its deadline and grace period)."""

    status_code = 409


class StaleSaveError(ConflictError):
    """A save older than the stored one; ``current`` is the stored sequence number."""

    def __init__(self, message: str, *, current: int) -> None:
        super().__init__(message, field="sequence")
        self.current = current


class StudyError(RetainError):
    """A deck, option or review request that cannot be carried out (decks, study, reviews)."""


class CardWithdrawn(StudyError):
    """A card its instructor took out of study (rejected or archived): it can no longer be
    reviewed."""

    status_code = 409


class ReviewConflict(StudyError):
    """A review id already recorded with a different payload: the client must use a new id."""

    status_code = 422


class ProgressError(RetainError):
    """A progress request that cannot be answered as asked (an unknown sort, a bad answer)."""
