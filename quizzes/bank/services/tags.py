"""Tags of bank items: names tidied, resolved per course (created when new), set on an item."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from quizzes.errors import BankError
from quizzes.models import Course, Tag

if TYPE_CHECKING:
    from quizzes.bank.kinds import BankItem

MAX_TAG = 60
_SPACES = re.compile(r"\s+")


def tag_names_clean(names: Iterable[str]) -> list[str]:
    """Tidy tag names: trimmed, inner spaces collapsed, repeats dropped (case-insensitively).

    Raises ``BankError`` for a name that is too long or holds a comma (forms list tags with commas).
    """
    out: list[str] = []
    seen: set[str] = set()
    for raw in names:
        name = _SPACES.sub(" ", str(raw)).strip()
        if not name:
            continue
        if "," in name:
            raise BankError(f"A tag cannot contain a comma (“{name}”).", field="tags")
        if len(name) > MAX_TAG:
            raise BankError(f"Keep tags under {MAX_TAG} characters (“{name[:20]}…”).", field="tags")
        if name.casefold() not in seen:
            seen.add(name.casefold())
            out.append(name)
    return out


def tags_resolve(course: Course, names: Iterable[str]) -> list[Tag]:
    """The course's tags with these names, created when new. An existing tag keeps its spelling."""
    wanted = tag_names_clean(names)
    existing = {t.name.casefold(): t for t in Tag.objects.filter(course=course)}
    tags = []
    for name in wanted:
        tag = existing.get(name.casefold())
        if tag is None:
            tag, _ = Tag.objects.get_or_create(course=course, name=name)
        tags.append(tag)
    return tags


def tag_names(item: BankItem) -> list[str]:
    return sorted((t.name for t in item.tags.all()), key=str.casefold)


def tags_set(item: BankItem, names: Iterable[str]) -> dict[str, list[object]]:
    """Give ``item`` exactly these tags; returns ``{"tags": [before, after]}`` or ``{}``."""
    before = tag_names(item)
    tags = tags_resolve(item.course, names)
    after = sorted((t.name for t in tags), key=str.casefold)
    if before == after:
        return {}
    item.tags.set(tags)
    return {"tags": [before, after]}
