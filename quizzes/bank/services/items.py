"""What questions and cards share: tags, links to the article's terms and claims, status changes
and the audit trail. Used by ``services.bank`` (questions) and ``services.bank_cards``."""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.db.models import Model

from quizzes.errors import BankContentError, BankError
from quizzes.models import Card, Claim, Course, ItemEvent, ItemStatus, Question, Source, Tag, Term

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    from quizzes.bank.rules import Problem

MAX_TAG = 60
_SPACES = re.compile(r"\s+")


class Unset(enum.Enum):
    """Marks an argument the caller did not give (``None`` is a value for some fields)."""

    UNSET = "unset"


UNSET = Unset.UNSET

BankItem = Question | Card


def kind_of(item: BankItem) -> str:
    return "question" if isinstance(item, Question) else "card"


def event_record(
    *,
    item: BankItem,
    actor: AbstractBaseUser | None,
    action: str,
    detail: Mapping[str, Any] | None = None,
) -> ItemEvent:
    """Append one audit entry for ``item``. Events are never updated or deleted by the bank."""
    target = {"question": item} if isinstance(item, Question) else {"card": item}
    return ItemEvent.objects.create(actor=actor, action=action, detail=dict(detail or {}), **target)


def refuse(problems: list[Problem], *, prefix: str = "") -> None:
    """Raise ``BankContentError`` for content problems; do nothing when there are none."""
    if problems:
        raise BankContentError([(p.field, p.message) for p in problems], prefix=prefix)


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


def links_check(
    course: Course, *, source: Source | None, term: Term | None, claim: Claim | None
) -> Source | None:
    """Check that the article, term and claim belong to ``course``; return the article (taken
    from the term or claim when not given). Raises ``BankError`` naming the field otherwise."""
    if source is not None and source.course_id != course.pk:
        raise BankError("That article is not in this course.", field="source")
    for name, linked in (("term", term), ("claim", claim)):
        if linked is None:
            continue
        if source is None:
            source = linked.source
        if linked.source_id != source.pk or source.course_id != course.pk:
            raise BankError(f"That {name} does not come from the item's article.", field=name)
    return source


def links_update(
    item: BankItem,
    *,
    source: Source | Unset | None,
    term: Term | Unset | None,
    claim: Claim | Unset | None,
) -> dict[str, list[object]]:
    """Change what ``item`` belongs to (article, term, claim); returns the changes as labels."""
    new_source = item.source if source is UNSET else source
    new_term = item.term if term is UNSET else term
    new_claim = item.claim if claim is UNSET else claim
    checked = links_check(item.course, source=new_source, term=new_term, claim=new_claim)
    changes: dict[str, list[object]] = {}
    for name, value in (("source", checked), ("term", new_term), ("claim", new_claim)):
        old = getattr(item, name)
        if _pk(old) != _pk(value):
            changes[name] = [_label(old), _label(value)]
            setattr(item, name, value)
    return changes


def status_change(
    item: BankItem,
    *,
    user: AbstractBaseUser | None,
    to: str,
    detail: Mapping[str, Any] | None = None,
) -> bool:
    """Move ``item`` to ``to`` (approved or rejected) and audit it; False when it already was.

    Raises ``BankError`` for an archived item: it left the bank and cannot come back silently.
    """
    what = kind_of(item)
    if item.status == ItemStatus.ARCHIVED:
        raise BankError(
            f"This {what} is archived (students have seen it); it cannot be "
            f"{'approved' if to == ItemStatus.APPROVED else 'rejected'}.",
            field="status",
        )
    if item.status == to:
        return False
    before = item.status
    item.status = to
    item.touched = True
    item.save(update_fields=["status", "touched", "updated_at"])
    action = "approve" if to == ItemStatus.APPROVED else "reject"
    event_record(
        item=item, actor=user, action=action, detail={"from": before, "to": to, **(detail or {})}
    )
    return True


def _pk(value: Model | None) -> int | None:
    return None if value is None else value.pk


def _label(value: Model | None) -> str | None:
    if value is None:
        return None
    text = str(value)
    return text if len(text) <= 80 else text[:79] + "…"


def tags_edit(
    item: BankItem,
    *,
    user: AbstractBaseUser | None,
    add: Iterable[str],
    remove: Iterable[str],
    detail: Mapping[str, object] | None = None,
) -> None:
    """Add and remove tags by name on a question or card, and audit the change (if any)."""
    removing = {name.casefold() for name in remove}
    names = [n for n in tag_names(item) if n.casefold() not in removing]
    changes = tags_set(item, [*names, *add])
    if changes:
        item.touched = True
        item.save(update_fields=["touched", "updated_at"])
        event_record(
            item=item, actor=user, action="tag", detail={"changes": changes, **(detail or {})}
        )


def reject(
    item: BankItem,
    *,
    user: AbstractBaseUser | None,
    reason: str,
    detail: Mapping[str, object] | None = None,
) -> None:
    """Reject a question or card, recording the reason (if given) in its audit event."""
    extra = {**({"reason": reason.strip()[:500]} if reason.strip() else {}), **(detail or {})}
    status_change(item, user=user, to=ItemStatus.REJECTED, detail=extra)
