"""Imports into a course's bank: read a file, plan what each item becomes, then save it.

``import_plan`` reads a file with its format's reader (``quizzes.interop.formats``), turns each
item into a question's or a card's content and checks it with the bank's rules: each entry is
to be **created**, **skipped** (an exact duplicate of an item already in the course, or of an
earlier one in the file) or an **error** (named by its line, row, item or note). Nothing is
saved by planning.

``import_start`` keeps the file as an ``ImportBatch`` waiting for confirmation (the preview
page shows its plan); ``import_confirm`` plans it again and saves every item as a draft through
the bank's ``drafts_create`` (origin "imported", with the file, format and position recorded in
``ImportedItem``), all in one transaction: a file with any error saves nothing
(``ImportRefusedError`` lists them). ``import_cancel`` drops a waiting file; ``import_file`` does
plan and save at once (the API).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from django.db import transaction
from django.utils import timezone

from quizzes.bank.kinds import CARD, QUESTION, ItemKind
from quizzes.bank.rules import Problem
from quizzes.bank.services.drafts import Draft, drafts_create
from quizzes.bank.services.tags import tag_names_clean
from quizzes.courses.selectors import course_for_instructor
from quizzes.errors import BankError, ImportRefusedError
from quizzes.interop.formats import FORMATS, Format, detect
from quizzes.interop.items import FormatError, Item, with_blank
from quizzes.interop.safety import MAX_FILE_BYTES, megabytes
from quizzes.models import (
    Card,
    Course,
    ImportBatch,
    ImportedItem,
    ImportStatus,
    ItemStatus,
    Origin,
    Question,
    Source,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User

Action = Literal["create", "skip", "error"]


@dataclass(frozen=True)
class Planned:
    """What one item of the file becomes."""

    where: str
    kind: ItemKind
    variant: str  # a question's type or a card's kind
    label: str  # what the preview shows: the prompt or front
    action: Action
    reason: str = ""
    content: dict[str, Any] = field(default_factory=dict)
    tags: tuple[str, ...] = ()

    @property
    def variant_label(self) -> str:
        """The type or kind as people read it ("Multiple choice", "Cloze")."""
        field = self.kind.model._meta.get_field(self.kind.variant.field)
        choices = getattr(field, "choices", None) or []
        return str(dict(choices).get(self.variant, self.variant))


@dataclass
class ImportPlan:
    filename: str
    format: Format
    entries: list[Planned] = field(default_factory=list)
    # Parts of the file no item came from (a Moodle "description"), with why.
    ignored: list[str] = field(default_factory=list)

    def _of(self, action: Action) -> list[Planned]:
        return [e for e in self.entries if e.action == action]

    @property
    def creates(self) -> list[Planned]:
        return self._of("create")

    @property
    def skips(self) -> list[Planned]:
        return self._of("skip")

    @property
    def errors(self) -> list[Planned]:
        return self._of("error")

    def problems(self) -> list[tuple[str, str]]:
        return [("file", f"{e.where}: {e.reason}") for e in self.errors]


def import_plan(*, course: Course, filename: str, data: bytes, format_name: str = "") -> ImportPlan:
    """Read ``data`` and plan each item (see the module's doc). Raises ``ImportRefusedError``
    for a file that cannot be read at all (its message names the line or member at fault)."""
    try:
        chosen = FORMATS[format_name] if format_name else detect(filename, data)
        if chosen.read is None:
            raise FormatError(f"Retain cannot read {chosen.label} files.")
        found = chosen.read(data)
    except KeyError:
        raise ImportRefusedError([("format", f"Unknown format “{format_name}”.")]) from None
    except FormatError as error:
        raise ImportRefusedError([("file", str(error))]) from None
    plan = ImportPlan(filename=filename, format=chosen)
    plan.ignored = [str(p) for p in found.skipped]
    seen: dict[tuple[object, ...], str] = {}
    existing = _existing_keys(course)
    for problem in found.problems:
        plan.entries.append(
            Planned(
                where=problem.where,
                kind=QUESTION,
                variant="",
                label="",
                action="error",
                reason=problem.message,
            )
        )
    for item in found.items:
        plan.entries.append(_plan_one(item, existing, seen))
    plan.entries.sort(key=lambda e: _position(e.where))
    if not plan.entries:
        raise ImportRefusedError([("file", "The file holds nothing Retain can import.")])
    return plan


def _plan_one(
    item: Item, existing: set[tuple[object, ...]], seen: dict[tuple[object, ...], str]
) -> Planned:
    kind = QUESTION if item.kind == "question" else CARD
    label = item.prompt[:200]
    if item.type not in kind.variant.choices:
        return Planned(
            where=item.where, kind=kind, variant=item.type, label=label, action="error",
            reason=f"unknown {kind.variant.field} “{item.type}”.",
        )  # fmt: skip
    wanted = _content(item)
    content, problems = kind.clean(item.type, wanted)
    try:
        tags = tuple(tag_names_clean(item.tags))
    except BankError as error:
        problems = [*problems, Problem("tags", error.message)]
    if problems:
        reason = " ".join(dict.fromkeys(p.message for p in problems))
        return Planned(
            where=item.where, kind=kind, variant=item.type, label=label, action="error",
            reason=reason,
        )  # fmt: skip
    key = _key(kind, item.type, content)
    common: dict[str, Any] = {
        "where": item.where,
        "kind": kind,
        "variant": item.type,
        "label": label,
    }
    if key in existing:
        return Planned(**common, action="skip", reason="already in this course's bank.")
    if key in seen:
        return Planned(**common, action="skip", reason=f"repeats {seen[key]} of this file.")
    seen[key] = item.where
    return Planned(**common, action="create", content=content, tags=tags)


def _content(item: Item) -> dict[str, Any]:
    if item.kind == "card":
        front = with_blank(item.prompt) if item.type == "cloze" else item.prompt
        return {"front": front, "back": item.back, "extra": item.explanation}
    return {
        "prompt": with_blank(item.prompt) if item.type == "cloze" else item.prompt,
        "choices": [{"text": c.text, "correct": c.correct} for c in item.choices],
        "accepted": list(item.accepted),
        "truth": item.truth,
        "explanation": item.feedback,
        "difficulty": item.difficulty,
    }


def _norm(text: object) -> str:
    return re.sub(r"\s+", " ", str(text or "")).strip().casefold()


def _key(kind: ItemKind, variant: str, content: dict[str, Any]) -> tuple[object, ...]:
    """What makes two items exact duplicates: the same variant and the same words."""
    if kind is CARD:
        return ("card", variant, _norm(content.get("front")), _norm(content.get("back")))
    choices = tuple(
        (_norm(c.get("text")), bool(c.get("correct"))) for c in content.get("choices") or []
    )
    accepted = tuple(_norm(a) for a in content.get("accepted") or [])
    return (
        "question",
        variant,
        _norm(content.get("prompt")),
        choices,
        accepted,
        content.get("truth"),
    )


def _existing_keys(course: Course) -> set[tuple[object, ...]]:
    """The duplicate keys of the course's items (archived ones left the bank: not counted)."""
    keys: set[tuple[object, ...]] = set()
    questions = (
        Question.objects.filter(course=course)
        .exclude(status=ItemStatus.ARCHIVED)
        .values_list(
            "type", "current__prompt", "current__choices", "current__accepted", "current__truth"
        )
    )
    for variant, prompt, choices, accepted, truth in questions.iterator(chunk_size=2000):
        content = {"prompt": prompt, "choices": choices, "accepted": accepted, "truth": truth}
        keys.add(_key(QUESTION, variant, content))
    cards = (
        Card.objects.filter(course=course)
        .exclude(status=ItemStatus.ARCHIVED)
        .values_list("kind", "front", "back")
    )
    for variant, front, back in cards.iterator(chunk_size=2000):
        keys.add(_key(CARD, variant, {"front": front, "back": back}))
    return keys


def _position(where: str) -> tuple[int, str]:
    match = re.search(r"\d+", where)
    return (int(match.group()) if match else 0, where)


def upload_bytes(upload: Any) -> bytes:
    """An uploaded file's bytes, refused by its declared size before it is read into memory
    (Django sets no upload limit; the readers check the size again)."""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_FILE_BYTES:
        raise ImportRefusedError(
            [
                (
                    "file",
                    f"The file is {megabytes(size)}; the limit is {MAX_FILE_BYTES // 1_048_576} MB.",
                )
            ]
        )
    return bytes(upload.read(MAX_FILE_BYTES + 1))


# --- Writes --------------------------------------------------------------------------------


def import_start(
    *,
    user: User,
    course_id: int,
    filename: str,
    data: bytes,
    format_name: str = "",
    source: Source | None = None,
) -> tuple[ImportBatch, ImportPlan]:
    """Plan the file and keep it, waiting for the instructor's confirmation. Raises
    ``ImportRefusedError`` for a file that cannot be read (nothing is kept then)."""
    course = course_for_instructor(user, course_id)
    _check_source(course, source)
    plan = import_plan(course=course, filename=filename, data=data, format_name=format_name)
    batch = ImportBatch.objects.create(
        course=course,
        created_by=user,
        filename=filename[:255],
        format=plan.format.name,
        source=source,
        data=data,
    )
    return batch, plan


def import_preview(*, batch: ImportBatch) -> ImportPlan:
    """The plan of a waiting import, computed again against the bank as it is now."""
    return import_plan(
        course=batch.course,
        filename=batch.filename,
        data=bytes(batch.data),
        format_name=batch.format,
    )


@transaction.atomic
def import_confirm(*, user: User, batch: ImportBatch) -> ImportBatch:
    """Import a waiting file: every planned item saved as a draft, or nothing if any item has
    an error (``ImportRefusedError``) or the import is no longer waiting (``BankError``)."""
    locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if locked.status != ImportStatus.PREVIEW:
        raise BankError(
            f"This import is already {locked.get_status_display().lower()}.", field="status"
        )
    plan = import_preview(batch=locked)
    return _save(user=user, batch=locked, plan=plan)


def import_cancel(*, batch: ImportBatch) -> ImportBatch:
    """Drop a waiting file; nothing was saved from it."""
    updated = ImportBatch.objects.filter(pk=batch.pk, status=ImportStatus.PREVIEW).update(
        status=ImportStatus.CANCELLED, data=b"", finished_at=timezone.now()
    )
    if not updated:
        raise BankError("This import is not waiting for confirmation.", field="status")
    batch.refresh_from_db()
    return batch


@transaction.atomic
def import_file(
    *,
    user: User,
    course_id: int,
    filename: str,
    data: bytes,
    format_name: str = "",
    source: Source | None = None,
) -> tuple[ImportBatch, ImportPlan]:
    """Plan and import a file at once, in one transaction (the API's import)."""
    course = course_for_instructor(user, course_id)
    _check_source(course, source)
    plan = import_plan(course=course, filename=filename, data=data, format_name=format_name)
    batch = ImportBatch.objects.create(
        course=course, created_by=user, filename=filename[:255], format=plan.format.name,
        source=source,
    )  # fmt: skip
    return _save(user=user, batch=batch, plan=plan), plan


def _save(*, user: User, batch: ImportBatch, plan: ImportPlan) -> ImportBatch:
    if plan.errors:
        raise ImportRefusedError(
            plan.problems(),
            prefix=f"Nothing was imported: {len(plan.errors)} item"
            f"{'s' if len(plan.errors) != 1 else ''} cannot be read. ",
        )
    provenance: list[ImportedItem] = []
    for kind in (QUESTION, CARD):
        entries = [e for e in plan.creates if e.kind is kind]
        if not entries:
            continue
        drafts = [
            Draft(
                variant=e.variant,
                content={
                    name: value
                    for name, value in e.content.items()
                    if name in kind.content_fields and name != kind.variant.field
                },
                tags=e.tags,
                label=e.where,
                detail={"import": batch.pk, "file": batch.filename, "position": e.where},
            )
            for e in entries
        ]
        items = drafts_create(
            kind, course=batch.course, user=user, drafts=drafts, origin=Origin.IMPORTED,
            source=batch.source,
        )  # fmt: skip
        provenance.extend(
            ImportedItem(batch=batch, position=e.where[:120], **{kind.name: item})
            for e, item in zip(entries, items, strict=True)
        )
    ImportedItem.objects.bulk_create(provenance)
    batch.status = ImportStatus.DONE
    batch.data = b""
    batch.created_count = len(plan.creates)
    batch.skipped_count = len(plan.skips)
    batch.finished_at = timezone.now()
    batch.save()
    return batch


def _check_source(course: Course, source: Source | None) -> None:
    if source is not None and source.course_id != course.pk:
        raise BankError("That article belongs to another course.", field="source")
