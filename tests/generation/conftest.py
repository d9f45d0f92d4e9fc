"""Fixtures of the engine's tests: each text is generated once per module (parsing is the cost)."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizzes.generation.pipeline import generate
from quizzes.generation.types import Generation

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "quizzes" / "sources" / "samples" / "key-drivers-us-north-korea.txt"
ARTICLES = ROOT / "tests" / "fixtures" / "articles"


@pytest.fixture(scope="module")
def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def sample(sample_text: str) -> Generation:
    return generate(sample_text)
