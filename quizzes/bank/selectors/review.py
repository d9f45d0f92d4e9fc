"""The review queue: an article's items of one kind, in one status, beside the article's text with
the active item's evidence marked, and the counts that label the queue's tabs and chips.

Each entry carries its own evidence: the sentence, and the paragraph holding it with the sentence
marked (a phone opens it in place, under the item, instead of scrolling to the article). Items that
test the same fact (a card's siblings; questions of one claim or term) come together as a group.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from quizzes.bank.kinds import BankItem, ItemKind
from quizzes.bank.selectors.items import bank_counts, items_for_instructor, queue_order
from quizzes.courses.selectors import course_for_instructor
from quizzes.models import Course, ItemStatus, Source
from quizzes.sources.selectors import source_for

if TYPE_CHECKING:
    from django.contrib.auth.models import User

REVIEW_STATUSES = ("draft", "approved", "rejected", "all")
STATUS_LABELS = {"draft": "Drafts", "approved": "Approved", "rejected": "Rejected", "all": "All"}
LIVE = ("draft", "approved", "rejected")
MAX_QUEUE = 300


@dataclass
class ReviewEntry:
    item: BankItem
    kind: str  # "question" or "card"
    start: int
    end: int
    evidence: str
    label: str  # its type or kind, as people read it
    preview: dict[str, Any]
    next_id: int | None  # the item to show once this one is approved or rejected
    group: str = ""
    siblings: int = 0
    paragraph: dict[str, Any] | None = None  # the evidence's paragraph, cut before/mark/after
    tests: str = ""  # what it tests, when that says more than the evidence sentence
    # Where approving this item goes, and where editing it comes back to (set by the page).
    next_url: str = ""
    back_url: str = ""

    @property
    def explanation(self) -> str:
        """What the item already shows as its explanation (the evidence is not repeated in it)."""
        return str(self.preview["explanation"])


@dataclass(frozen=True)
class ReviewGroup:
    """Consecutive entries that test the same fact (one entry when alone)."""

    entries: list[ReviewEntry]
    fact: str  # "claim", "term" or "" (a single item)
    about: str  # the claim's text or the term, for the group's heading


@dataclass(frozen=True)
class ReviewQueue:
    source: Source
    course: Course
    kind: ItemKind
    status: str
    entries: list[ReviewEntry]
    active: ReviewEntry | None
    paragraphs: list[dict[str, Any]]
    highlightable: bool
    chips: list[tuple[str, str, int]]  # (status, label, count)
    totals: dict[str, int] = field(default_factory=dict)  # live items per kind ("questions")

    @property
    def groups(self) -> list[ReviewGroup]:
        out: list[ReviewGroup] = []
        for entry in self.entries:
            if out and entry.group and out[-1].entries[0].group == entry.group:
                out[-1].entries.append(entry)
                continue
            item = entry.item
            fact, about = "", ""
            if item.claim is not None:
                fact, about = "claim", item.claim.text
            elif item.term is not None:
                fact, about = "term", item.term.text
            out.append(ReviewGroup(entries=[entry], fact=fact, about=about))
        return out


def review_queue(
    user: User, source_id: int, *, kind: ItemKind, status: str, active: str = ""
) -> ReviewQueue:
    """The article's items of ``kind`` in ``status`` (``all``: every live one), in the engine's
    queue order (cards with their siblings), the one with id ``active`` (else the first) active.
    ``NotFound`` for an article of a course the user does not teach."""
    source = source_for(user, source_id)
    course = course_for_instructor(user, source.course_id)
    status = status if status in REVIEW_STATUSES else "draft"
    found = items_for_instructor(kind, user, course_id=course.pk).filter(source=source)
    found = found.exclude(status=ItemStatus.ARCHIVED)
    if status != "all":
        found = found.filter(status=status)
    items = _siblings_together(kind, list(found.order_by(*queue_order())[:MAX_QUEUE]))
    text = source.cleaned_text or source.text
    paragraphs = paragraphs_with_mark(text, None) if source.cleaned_text else []
    entries = []
    for index, item in enumerate(items):
        following = (
            items[index + 1] if index + 1 < len(items) else (items[index - 1] if index else None)
        )
        start, end, evidence = kind.evidence_of(item)
        preview = kind.preview_of(item)
        if evidence and evidence.strip() in str(preview["explanation"]):
            preview = {
                **preview,
                "explanation": _beyond_the_quote(str(preview["explanation"]), evidence),
            }
        entries.append(
            ReviewEntry(
                item=item,
                kind=kind.name,
                start=start,
                end=end,
                evidence=evidence,
                label=kind.variant_label(item),
                preview=preview,
                next_id=following.pk if following else None,
                group=kind.topic(item),
                paragraph=_paragraph_of(paragraphs, start, end),
                tests=_tests(item, evidence),
            )
        )
    sizes = Counter(e.group for e in entries)
    for entry in entries:
        entry.siblings = sizes[entry.group]
    chosen = next((e for e in entries if str(e.item.pk) == active), entries[0] if entries else None)
    counts = bank_counts(course)[source.pk]
    shown = counts[kind.plural]
    return ReviewQueue(
        source=source,
        course=course,
        kind=kind,
        status=status,
        entries=entries,
        active=chosen,
        paragraphs=paragraphs_with_mark(
            source.cleaned_text or source.text,
            (chosen.start, chosen.end) if chosen and source.cleaned_text else None,
        ),
        highlightable=bool(source.cleaned_text),
        chips=[
            (s, STATUS_LABELS[s], sum(shown[x] for x in LIVE) if s == "all" else shown[s])
            for s in REVIEW_STATUSES
        ],
        totals={k: sum(counts[k][x] for x in LIVE) for k in ("questions", "cards")},
    )


def _siblings_together(kind: ItemKind, items: list[BankItem]) -> list[BankItem]:
    """Items grouped by what they test (``ItemKind.topic``: each group where its best item
    ranks), best first inside."""
    groups: dict[str, list[BankItem]] = {}
    for item in items:
        groups.setdefault(kind.topic(item), []).append(item)
    return [item for group in groups.values() for item in group]


def _paragraph_of(paragraphs: list[dict[str, Any]], start: int, end: int) -> dict[str, Any] | None:
    """The paragraph holding ``start``, cut around the evidence (None without evidence)."""
    if end <= start:
        return None
    for paragraph in paragraphs:
        if paragraph["start"] <= start < paragraph["end"]:
            a, b = start - paragraph["start"], min(end, paragraph["end"]) - paragraph["start"]
            chunk = paragraph["text"]
            return {"before": chunk[:a], "mark": chunk[a:b], "after": chunk[b:]}
    return None


def _tests(item: BankItem, evidence: str) -> str:
    """The claim an item tests, unless it is the evidence sentence itself (shown already)."""
    if item.claim is None:
        return ""
    claim = " ".join(item.claim.text.split())
    said = " ".join(evidence.split())
    # A claim is often its sentence without an opening connective ("First, the …"): compare
    # without case, so it is not shown twice.
    folded_claim, folded_said = claim.casefold(), said.casefold()
    return "" if not said or folded_claim in folded_said or folded_said in folded_claim else claim


def paragraphs_with_mark(text: str, span: tuple[int, int] | None) -> list[dict[str, Any]]:
    """The text's paragraphs (split at blank lines) with their offsets; the paragraph holding
    ``span`` is cut into before / mark / after so the page can highlight the evidence."""
    out = []
    position = 0
    for chunk in text.split("\n\n"):
        start, end = position, position + len(chunk)
        position = end + 2
        if not chunk.strip():
            continue
        entry: dict[str, Any] = {"start": start, "end": end, "text": chunk, "mark": ""}
        if span and start <= span[0] < end and span[1] > span[0]:
            a, b = span[0] - start, min(span[1], end) - start
            entry.update(before=chunk[:a], mark=chunk[a:b], after=chunk[b:])
        out.append(entry)
    return out


def _beyond_the_quote(explanation: str, evidence: str) -> str:
    """The evidence is shown once, beside the draft: its explanation keeps only what it adds to
    the quote (a false statement's swap, a verdict), not the sentence again."""
    quote = evidence.strip()
    rest = explanation.replace(f"“{quote}”", "").replace(quote, "").replace("The article says:", "")
    rest = " ".join(rest.split())
    return (
        f"It quotes the evidence sentence. {rest}" if rest else "It quotes the evidence sentence."
    )
