"""The bundled sample article, shipped unmodified with its attribution (see README.md here)."""

from __future__ import annotations

from pathlib import Path
from typing import TypedDict

SAMPLES_DIR = Path(__file__).resolve().parent


class SampleArticle(TypedDict):
    path: Path
    title: str
    author: str
    licence: str


SAMPLE_ARTICLE: SampleArticle = {
    "path": SAMPLES_DIR / "key-drivers-us-north-korea.txt",
    "title": "Key Drivers in US-North Korea relations",
    "author": "James Trottier",
    "licence": (
        "CIPS Blog (Centre for International Policy Studies), Creative Commons "
        "Attribution-NonCommercial-NoDerivatives 4.0 International (CC BY-NC-ND 4.0)"
    ),
}


def sample_text() -> str:
    return SAMPLE_ARTICLE["path"].read_text(encoding="utf-8")
