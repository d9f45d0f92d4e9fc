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


class CourseError(RetainError):
    pass


class SourceError(RetainError):
    pass


class BankError(RetainError):
    pass


class ConflictError(RetainError):
    """The request clashes with the stored state (a stale save, a replay with other content)."""

    status_code = 409
