"""Meaning, cheaply: static phrase embeddings (WordLlama) for similarity and near duplicates.

WordLlama 0.4 ships its 16 MB token-embedding table inside the wheel (MIT); nothing is
downloaded. It is loaded once per process, lazily and under a lock (about 0.4 s, ~100 MB), and
embeds a few hundred short phrases in a few milliseconds, so it fits the generation budget
where a second spaCy model with vectors (6.5 s to load, +364 MB, and a second parse) did not.

``load(disable_download=True)`` alone fails in 0.4.0: it looks for ``tokenizer/`` while the
wheel ships ``tokenizers/``; pointing ``cache_dir`` at the package folder finds both.
What can fail: ``ImportError`` when wordllama is not installed; then every similarity is 0.0 and
the callers fall back to word overlap (tests pin the package, so this is for odd installs).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

_lock = threading.Lock()
_model: Any = None
_missing = False


def _get_model() -> Any:
    global _model, _missing
    if _model is None and not _missing:
        with _lock:
            if _model is None and not _missing:
                try:
                    import wordllama
                    from wordllama import WordLlama
                except ImportError:  # pragma: no cover - the package is a pinned requirement
                    _missing = True
                    return None
                _model = WordLlama.load(
                    cache_dir=Path(wordllama.__file__).parent, disable_download=True
                )
    return _model


def warm() -> None:
    """Load the embedding table now (the web worker calls this once at start-up)."""
    _get_model()


_cache: dict[str, Any] = {}
_MAX_CACHE = 50_000


def embed(texts: list[str]) -> None:
    """Embed the phrases not seen yet, in one batch (a few milliseconds for hundreds)."""
    model = _get_model()
    if model is None:
        return
    missing = sorted({text for text in texts if text not in _cache})
    if not missing:
        return
    if len(_cache) + len(missing) > _MAX_CACHE:
        _cache.clear()
    for text, row in zip(missing, model.embed(missing, norm=True), strict=True):
        _cache[text] = row


def similarity(a: str, b: str) -> float:
    """Cosine similarity of two phrases (0.0 when embeddings are unavailable)."""
    if a == b:
        return 1.0
    if a not in _cache or b not in _cache:
        embed([a, b])
    va, vb = _cache.get(a), _cache.get(b)
    if va is None or vb is None:
        return 0.0
    return float(va @ vb)


def vector_of(text: str) -> Any:
    """The unit vector of a phrase embedded before (None when unavailable)."""
    return _cache.get(text)
