"""Column values as the hand-written SQL of the study hot path gets them back (``fast.sql``
loads each by its field's type): what the ORM would have converted. SQLite hands back datetimes
as text (or naive) and JSON as text; PostgreSQL already converts both."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any


def aware_datetime(value: Any) -> datetime | None:
    """A datetime column as an aware UTC datetime (None stays None)."""
    if value is None:
        return None
    moment: datetime = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def json_value(value: Any) -> Any:
    """A JSON column as Python values."""
    return json.loads(value) if isinstance(value, str | bytes) else value
