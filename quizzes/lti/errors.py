"""Errors of the LMS integration, each with a message a person can act on."""

from __future__ import annotations

from quizzes.errors import RetainError


class LtiError(RetainError):
    """A registration, picker or settings request that cannot be carried out as asked."""


class LaunchRefused(RetainError):
    """A launch (or login initiation) that fails a check. ``code`` names the check for the log
    and the tests; ``message`` is shown on the error page."""

    def __init__(self, code: str, message: str, *, status_code: int = 400) -> None:
        super().__init__(message)
        self.code = code
        self.status_code = status_code


class PlatformUnavailable(RetainError):
    """The platform's service (token, AGS, NRPS, registration) failed or could not be reached.
    ``retry`` is False when trying again cannot help (the platform refused the request)."""

    status_code = 502

    def __init__(self, message: str, *, retry: bool = True) -> None:
        super().__init__(message)
        self.retry = retry
