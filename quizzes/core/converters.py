"""The URL converter for ids: ``<id:name>`` matches 1 to 19 digits and gives an int from 1 to
2⁶³−1; anything else does not match, so ``/courses/99999999999999999999/`` is the site's 404 (or
the API's), never an ``OverflowError`` from the database driver. Registered once, at start-up
(``QuizzesConfig.ready``); Django does not let a project replace its own ``<int:…>``."""

from __future__ import annotations

from quizzes.core.bounds import parse_id


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = parse_id(value)
        if number is None:
            raise ValueError(value)  # Django's resolver: this pattern does not match
        return number

    def to_url(self, value: int | str) -> str:
        return str(int(value))
