"""Many drafts at once: what ``item_create`` does for one draft, done for a list in a handful of
queries (imports of thousands of items).

Each draft gets the same rows ``item_create`` would give it — the item (a draft, not touched),
version 1 (a question's ``current``), its tags and a ``create`` event — and the same checks:
its content must pass the kind's rules (``BankContentError`` naming the draft otherwise) and the
article must belong to the course. There is no near-duplicate check: drafts that are not
written by hand are not checked (see ``item_create``), and nothing is approved here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction

from quizzes.bank.kinds import BankItem, ItemKind
from quizzes.bank.services.links import links_check
from quizzes.bank.services.tags import tag_names_clean, tags_resolve
from quizzes.errors import BankContentError
from quizzes.models import Course, ItemEvent, Source

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@dataclass(frozen=True)
class Draft:
    """One draft to create: its variant (a question's type, a card's kind), its content by
    field, its tags, and a label for messages ("line 12")."""

    variant: str
    content: Mapping[str, Any]
    tags: Sequence[str] = ()
    label: str = ""
    detail: Mapping[str, Any] = field(default_factory=dict)


@transaction.atomic
def drafts_create(
    item_kind: ItemKind,
    /,
    *,
    course: Course,
    user: User | None,
    drafts: Sequence[Draft],
    origin: str,
    source: Source | None = None,
) -> list[BankItem]:
    """Create every draft, or none: raises ``BankContentError`` (the first broken draft's
    problems, prefixed with its label) or ``BankError`` (an article of another course)."""
    kind = item_kind
    # One code path for both kinds: the models are chosen at run time.
    model: Any = kind.model
    version_model: Any = kind.version_model
    source = links_check(course, source=source, term=None, claim=None)
    cleaned = []
    for draft in drafts:
        prefix = f"{draft.label}: " if draft.label else ""
        if draft.variant not in kind.variant.choices:
            problem = (kind.variant.field, f"Unknown {kind.variant.field} “{draft.variant}”.")
            raise BankContentError([problem], prefix=prefix)
        content, problems = kind.clean(draft.variant, {**kind.blank, **draft.content})
        if problems:
            raise BankContentError([(p.field, p.message) for p in problems], prefix=prefix)
        cleaned.append({n: content[n] for n in kind.content_fields if n != kind.variant.field})
    spans = {"evidence_start": 0, "evidence_end": 0, "evidence_text": ""}
    rows = []
    for draft, content in zip(drafts, cleaned, strict=True):
        row: dict[str, Any] = {kind.variant.field: draft.variant}
        if kind.current_on_row:
            row.update(content, **spans)
        if kind.groups_siblings:
            row["sibling_key"] = ""
        rows.append(
            model(
                course=course, source=source, origin=origin, touched=False, created_by=user, **row
            )
        )
    items = model.objects.bulk_create(rows, batch_size=500)
    versions = version_model.objects.bulk_create(
        [
            version_model(
                **{kind.name: item},
                number=1,
                created_by=user,
                **({kind.variant.field: draft.variant} if kind.current_on_row else {}),
                **content,
                **({} if kind.current_on_row else spans),
            )
            for item, draft, content in zip(items, drafts, cleaned, strict=True)
        ],
        batch_size=500,
    )
    if not kind.current_on_row:
        for item, version in zip(items, versions, strict=True):
            item.current = version
        model.objects.bulk_update(items, ["current"], batch_size=500)
    tag_names = _tag_links(kind, course, items, drafts)
    ItemEvent.objects.bulk_create(
        [
            ItemEvent(
                actor=user,
                action="create",
                detail={
                    "version": 1,
                    kind.variant.field: draft.variant,
                    "origin": origin,
                    "tags": names,
                    **draft.detail,
                },
                **{kind.name: item},
            )
            for item, draft, names in zip(items, drafts, tag_names, strict=True)
        ],
        batch_size=500,
    )
    return list(items)


def _tag_links(
    kind: ItemKind, course: Course, items: Iterable[BankItem], drafts: Sequence[Draft]
) -> list[list[str]]:
    """Give each item its tags (created for the course when new); the names each got."""
    cleaned = [tag_names_clean(draft.tags) for draft in drafts]
    wanted = {name for names in cleaned for name in names}
    tags = {tag.name.casefold(): tag for tag in tags_resolve(course, sorted(wanted))}
    through: Any = kind.model.tags.through
    links: list[Any] = []
    names = []
    for item, draft_tags in zip(items, cleaned, strict=True):
        mine = list({tags[n.casefold()].pk: tags[n.casefold()] for n in draft_tags}.values())
        names.append([t.name for t in mine])
        links.extend(through(**{f"{kind.name}_id": item.pk, "tag_id": t.pk}) for t in mine)
    through.objects.bulk_create(links, batch_size=1000)
    return names
