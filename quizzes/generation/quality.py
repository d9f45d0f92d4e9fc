"""Quality gate and ranking: drafts → kept items (ordered) and rejections with reasons.

What goes in: every draft from the generators, the document, and the item budget.
What comes out: the items a teacher is likely to keep, best first and spread across the
article, and every refused draft with all the reasons it failed. Never raises.
"""

from __future__ import annotations

import re

from .clean import _LICENCE, _NAV_LABEL
from .distractors import overlaps, words_of
from .items.context import BLANK
from .types import Document, ItemDraft, Rejection

# Items that ask for the same thing in the same way are duplicates; typed answers (cloze, short
# answer, flashcard) are one way, choosing (mcq) another, judging (true/false) a third.
_WAY = {"mcq": "choose", "true_false": "judge", "cloze": "recall", "short_answer": "recall",
        "flashcard": "recall"}  # fmt: skip
_MAX_TYPE_SHARE = 0.3  # of the budget, per item type, while other types have items left
_MAX_SAME_ANSWER = 3  # a bank that asks for one name ten times teaches one name
_SPAN_ANSWERS = frozenset({"cloze", "short_answer", "flashcard"})


def problems(item: ItemDraft, document: Document) -> list[str]:
    """Every reason to refuse ``item`` on its own (duplicates are judged later)."""
    reasons = []
    text = document.text
    evidence = item.evidence
    if text[evidence.start : evidence.end] != evidence.text or not evidence.text:
        reasons.append("evidence does not match the text")
    elif _NAV_LABEL.match(evidence.text) or _LICENCE.search(evidence.text):
        reasons.append("evidence is boilerplate")
    span_answer = item.type in _SPAN_ANSWERS or (
        item.type == "mcq" and item.generator != "mcq.enumeration"
    )
    if span_answer and item.answer.lower() not in text.lower():
        reasons.append("answer is not in the text")
    leak_checked = item.type in ("mcq", "cloze", "short_answer") or (
        item.generator == "flashcard.claim_cloze"
    )
    if leak_checked and len(item.answer.split()) <= 8 and item.generator != "mcq.enumeration":
        prompt = item.prompt.replace(BLANK, " ")
        if any(words_of(form) and overlaps_in(form, prompt) for form in (item.answer,)):
            reasons.append("answer leaks into the prompt")
    if item.type == "mcq":
        lowered = [" ".join(words_of(choice)) for choice in item.choices]
        if len(item.choices) < 3:
            reasons.append("fewer than three choices")
        if len(set(lowered)) != len(lowered) or item.answer not in item.choices:
            reasons.append("choices repeat each other or miss the answer")
        elif item.generator != "mcq.enumeration" and any(
            overlaps(choice, item.answer) for choice in item.choices if choice != item.answer
        ):
            reasons.append("a distractor duplicates the answer")
    reasons.extend(_grammar(item))
    return reasons


def overlaps_in(answer: str, prompt: str) -> bool:
    """True when the answer's words occur, in order, in the prompt."""
    needle = words_of(answer)
    hay = words_of(prompt)
    n = len(needle)
    return any(hay[i : i + n] == needle for i in range(len(hay) - n + 1))


def _grammar(item: ItemDraft) -> list[str]:
    prompt = item.prompt
    reasons = []
    blanked = item.generator in ("mcq.claim_blank", "cloze.claim", "flashcard.claim_cloze")
    if blanked and prompt.count(BLANK) != 1:
        reasons.append("prompt must have exactly one blank")
    pairs = (("(", ")"), ("“", "”"), ("[", "]"))
    if any(prompt.count(a) != prompt.count(b) for a, b in pairs) or prompt.count('"') % 2:
        reasons.append("ungrammatical prompt: unbalanced brackets or quotes")
    if re.search(r"\s[,.;:?]|\s{2,}", prompt.replace(BLANK, "x")):
        reasons.append("ungrammatical prompt: stray spacing")
    if re.search(r"\b(\w+) \1\b", prompt, re.IGNORECASE):
        reasons.append("ungrammatical prompt: repeated word")
    if re.search(r"\b(?:and|or|but|the|a|an|of|to)[.?]$", prompt):
        reasons.append("ungrammatical prompt: ends mid-phrase")
    if item.type != "flashcard" and not prompt[:1].isupper():
        reasons.append("ungrammatical prompt: does not start with a capital")
    if len(prompt.split()) > 80:
        reasons.append("prompt is too long")
    if item.type in ("short_answer",) and not prompt.endswith("?"):
        reasons.append("ungrammatical prompt: a question must end with a question mark")
    return reasons


def gate(
    drafts: list[ItemDraft], document: Document, max_items: int
) -> tuple[list[ItemDraft], list[Rejection]]:
    """Refuse bad and duplicate drafts, then order the rest by score spread across the article."""
    rejected: list[Rejection] = []
    survivors: list[ItemDraft] = []
    ordered = sorted(drafts, key=lambda d: (-d.score, d.type, d.prompt, d.answer))
    seen_fact: set[tuple[str, str, str]] = set()
    prompts_by_sentence: dict[tuple[int, str], list[set[str]]] = {}
    answer_uses: dict[str, int] = {}
    for draft in ordered:
        reasons = problems(draft, document)
        fact = (_WAY[draft.type], draft.tests.text.lower(), " ".join(words_of(draft.answer)))
        if draft.type == "true_false":
            fact = ("judge", draft.tests.text.lower(), "")
        prompt_words = set(words_of(draft.prompt))
        bucket = prompts_by_sentence.setdefault((draft.evidence.start, draft.type), [])
        if fact in seen_fact or any(
            len(prompt_words & other) >= 0.8 * max(len(prompt_words | other), 1) for other in bucket
        ):
            reasons.append("near duplicate of a better item")
        answer_key = " ".join(words_of(draft.answer))
        if draft.type != "true_false" and answer_uses.get(answer_key, 0) >= _MAX_SAME_ANSWER:
            reasons.append("the same answer is already asked for often")
        if reasons:
            rejected.append(Rejection(draft, tuple(reasons)))
            continue
        answer_uses[answer_key] = answer_uses.get(answer_key, 0) + 1
        seen_fact.add(fact)
        bucket.append(prompt_words)
        survivors.append(draft)
    spread = _spread(survivors)
    kept = _within_budget(spread, max_items)
    kept_ids = {id(item) for item in kept}
    rejected.extend(
        Rejection(item, ("over the item budget",)) for item in spread if id(item) not in kept_ids
    )
    return kept, rejected


def _spread(items: list[ItemDraft]) -> list[ItemDraft]:
    """Round-robin over source sentences, so the first items do not all come from one."""
    rounds: list[list[ItemDraft]] = []
    uses: dict[int, int] = {}
    for item in items:
        used = uses.get(item.evidence.start, 0)
        uses[item.evidence.start] = used + 1
        while len(rounds) <= used:
            rounds.append([])
        rounds[used].append(item)
    return [item for group in rounds for item in group]


def _within_budget(items: list[ItemDraft], max_items: int) -> list[ItemDraft]:
    """The first ``max_items`` in order, no type taking more than its share while others wait."""
    share = max(1, int(max_items * _MAX_TYPE_SHARE))
    kept: list[ItemDraft] = []
    waiting: list[ItemDraft] = []
    per_type: dict[str, int] = {}
    for item in items:
        if len(kept) >= max_items:
            break
        if per_type.get(item.type, 0) >= share:
            waiting.append(item)
            continue
        per_type[item.type] = per_type.get(item.type, 0) + 1
        kept.append(item)
    kept.extend(waiting[: max_items - len(kept)])
    order = {id(item): index for index, item in enumerate(items)}
    return sorted(kept, key=lambda item: order[id(item)])
