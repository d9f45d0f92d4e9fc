"""Plain-text views of a :class:`Generation`: a report for people, and an ``--explain`` view.

The explain view adds what cleaning removed and why, and every rejected draft with its reasons.
"""

from __future__ import annotations

from collections import Counter

from .types import Generation


def text_report(generation: Generation, *, explain: bool = False) -> str:
    """A readable summary: title, terms, claims, items (and, with ``explain``, the rejects)."""
    lines = [
        f"Source: {generation.document.title or '(untitled)'} — {generation.words} words",
        "",
        f"Key terms ({len(generation.terms)}):",
    ]
    for term in generation.terms:
        aliases = f" (also: {', '.join(term.aliases)})" if term.aliases else ""
        definition = f" — {term.definition}" if term.definition else ""
        lines.append(f"  {term.score:.2f}  {term.text} [{term.kind}]{aliases}{definition}")
    lines += ["", f"Key claims ({len(generation.claims)}):"]
    for claim in generation.claims:
        lines.append(f"  {claim.score:.2f}  [{claim.stance}] {claim.text}")
    counts = Counter(item.type for item in generation.items)
    summary = ", ".join(f"{kind} {count}" for kind, count in sorted(counts.items()))
    lines += ["", f"Items ({len(generation.items)}: {summary}):"]
    for number, item in enumerate(generation.items, 1):
        lines.append(
            f"  {number}. [{item.type} · {item.generator} · {item.score:.2f}] {item.prompt}"
        )
        if item.choices and item.type == "mcq":
            for choice in item.choices:
                mark = "*" if choice == item.answer else " "
                lines.append(f"       {mark} {choice}")
        else:
            lines.append(f"       → {item.answer}")
        if explain:
            lines.append(f"       tests {item.tests.kind}: {item.tests.text}")
            lines.append(f"       evidence [{item.evidence.start}:{item.evidence.end}]")
            if item.features:
                shown = ", ".join(f"{name} {value:.2f}" for name, value in item.features)
                lines.append(f"       ranker: {shown}")
            if item.edit is not None:
                lines.append(f"       edit: {item.edit[0]} “{item.edit[1]}” → “{item.edit[2]}”")
    if explain:
        lines += ["", f"Removed while cleaning ({len(generation.document.removed)}):"]
        for removed in generation.document.removed:
            lines.append(f"  - {removed.reason}: {removed.text[:100]}")
        lines += ["", f"Rejected drafts ({len(generation.rejected)}):"]
        for rejection in generation.rejected:
            lines.append(
                f"  - [{rejection.item.type}] {rejection.item.prompt[:100]}"
                f"\n      because: {'; '.join(rejection.reasons)}"
            )
    timings = ", ".join(f"{stage} {ms:.0f} ms" for stage, ms in generation.timings_ms.items())
    lines += ["", f"Timings: {timings}"]
    return "\n".join(lines) + "\n"
