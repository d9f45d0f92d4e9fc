"""Approving the best of an article's generated drafts in one step (the demo, a quick start)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction

from quizzes.bank.kinds import CARD, QUESTION, BankItem, ItemKind
from quizzes.bank.selectors.items import drafts_best_first
from quizzes.bank.services.items import item_approve
from quizzes.models import Card, Course, ItemStatus, Source

if TYPE_CHECKING:
    from django.contrib.auth.models import User


# The generation engine's keep threshold (``quizzes.generation.types.Options.min_score``): a
# generated item's score is the keep model's probability that a teacher keeps it. Items below
# it are in the bank only to cover a key claim or to offer every type; they come last here.
LIKELY = 0.5
# The most one request approves of each kind (a bank article has at most 80 drafts).
MAX_BEST = 100


@dataclass(frozen=True)
class ApprovedBest:
    questions: list[int]
    cards: list[int]


@transaction.atomic
def bank_approve_best(
    *, course: Course, source: Source, user: User | None, questions: int, cards: int
) -> ApprovedBest:
    """Approve up to ``questions`` draft questions and ``cards`` draft cards of an article in the
    review queue's order (the engine's rank), the drafts the engine expects a teacher to keep
    (score at least ``LIKELY``) before the others, taking each type (or kind) in turn and
    preferring items that test a claim or term not yet covered. Drafts whose content breaks a
    rule are skipped. Safe to run again (it tops up).

    The cards come first, and among questions alike in those respects the ones that test what an
    approved card teaches are taken first: the quiz then checks what the deck taught."""
    approved_cards = _approve_best(CARD, course=course, source=source, user=user, limit=cards)
    carded = {
        CARD.topic(card) for card in Card.objects.filter(source=source, status=ItemStatus.APPROVED)
    }
    return ApprovedBest(
        questions=_approve_best(
            QUESTION, course=course, source=source, user=user, limit=questions, prefer=carded
        ),
        cards=approved_cards,
    )


def _approve_best(
    kind: ItemKind,
    *,
    course: Course,
    source: Source,
    user: User | None,
    limit: int,
    prefer: frozenset[str] | set[str] = frozenset(),
) -> list[int]:
    drafts = drafts_best_first(kind, course=course, source=source)
    usable = [d for d in drafts if not kind.clean(kind.variant_of(d), kind.content_of(d))[1]]
    likely = [d for d in usable if d.score >= LIKELY]
    chosen = _spread(likely, limit, group=kind.variant_of, tests=kind.topic, prefer=prefer)
    rest = [d for d in usable if d.score < LIKELY]
    chosen += _spread(
        rest, limit - len(chosen), group=kind.variant_of, tests=kind.topic, prefer=prefer
    )
    for item in chosen:
        item_approve(item=item, user=user, detail={"via": "best"})
    return [item.pk for item in chosen]


def _spread(
    items: Sequence[BankItem],
    limit: int,
    *,
    group: Callable[[BankItem], str],
    tests: Callable[[BankItem], str],
    prefer: frozenset[str] | set[str] = frozenset(),
) -> list[BankItem]:
    """Pick ``limit`` items (already best first): round-robin over groups, a new claim/term
    first, and among new ones first those whose claim/term is in ``prefer``."""
    queues: dict[str, list[BankItem]] = {}
    for item in items:
        queues.setdefault(group(item), []).append(item)
    chosen: list[BankItem] = []
    seen: set[str] = set()
    passes = (
        ((True, True), (True, False), (False, False)) if prefer else ((True, False), (False, False))
    )
    for fresh_only, preferred_only in passes:
        progress = True
        while len(chosen) < limit and progress:
            progress = False
            for queue in queues.values():
                pick = next(
                    (
                        i
                        for i in queue
                        if i not in chosen
                        and (not fresh_only or tests(i) not in seen)
                        and (not preferred_only or tests(i) in prefer)
                    ),
                    None,
                )
                if pick is None or len(chosen) >= limit:
                    continue
                chosen.append(pick)
                seen.add(tests(pick))
                progress = True
    return chosen
