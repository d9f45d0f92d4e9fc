"""Fixtures for the progress selectors: a small bank of claims and terms, and a fixed clock."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.progress.fixtures import build_bank

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


@pytest.fixture
def claims_bank(course, instructor):
    return build_bank(course, instructor)
