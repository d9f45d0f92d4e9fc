"""What a bank item may belong to: a course's articles, and their terms and claims."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from quizzes.errors import BankError
from quizzes.models import Claim, Course, Source, Term


@dataclass(frozen=True)
class LinkChoices:
    """The articles, terms and claims an item of a course may be linked to (for a form)."""

    sources: QuerySet[Source]
    terms: QuerySet[Term]
    claims: QuerySet[Claim]


def link_choices(course: Course) -> LinkChoices:
    return LinkChoices(
        sources=Source.objects.filter(course=course),
        terms=Term.objects.filter(source__course=course).order_by("source_id", "rank"),
        claims=Claim.objects.filter(source__course=course).order_by("source_id", "rank"),
    )


def links_resolve(course: Course, **ids: int | None) -> dict[str, Source | Term | Claim | None]:
    """Turn ``source``/``term``/``claim`` ids into objects of ``course``; ``None`` stays ``None``.

    Raises ``BankError`` naming the field for an id that is not in the course (whether it exists
    elsewhere is not said)."""
    lookups: dict[str, tuple[type[Source] | type[Term] | type[Claim], dict[str, Course], str]] = {
        "source": (Source, {"course": course}, "article"),
        "term": (Term, {"source__course": course}, "term"),
        "claim": (Claim, {"source__course": course}, "claim"),
    }
    out: dict[str, Source | Term | Claim | None] = {}
    for name, pk in ids.items():
        if pk is None:
            out[name] = None
            continue
        model, scope, label = lookups[name]
        found = model.objects.filter(pk=pk, **scope).first()
        if found is None:
            raise BankError(f"No {label} with id {pk} in this course.", field=name)
        out[name] = found
    return out
