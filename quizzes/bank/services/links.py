"""What a bank item belongs to: its article, the term or claim it tests, checked against its
course, and the sibling group those give it."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

from django.db.models import Model

from quizzes.errors import BankError
from quizzes.models import Claim, Course, Source, Term

if TYPE_CHECKING:
    from quizzes.bank.kinds import BankItem


class Unset(enum.Enum):
    """Marks an argument the caller did not give (``None`` is a value for some fields)."""

    UNSET = "unset"


UNSET = Unset.UNSET


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


def sibling_key_for(*, term: Term | None, claim: Claim | None) -> str:
    """Items testing the same claim (or, failing that, term) are siblings."""
    if claim is not None:
        return f"claim:{claim.pk}"
    if term is not None:
        return f"term:{term.pk}"
    return ""


def _pk(value: Model | None) -> int | None:
    return None if value is None else value.pk


def _label(value: Model | None) -> str | None:
    if value is None:
        return None
    text = str(value)
    return text if len(text) <= 80 else text[:79] + "…"
