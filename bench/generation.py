"""Generation time as a ratio to the bare spaCy parse of the same text, in the same process.

Prints the ratio for the bundled article (budget: ≤ 2.5×) and for a text ten times longer
made of distinct paragraphs (cost must grow linearly: the ratio should stay about the same).
Run from the repository root: ``.venv/bin/python bench/generation.py [--clock cpu]``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from quizzes.generation.clean import clean_text  # noqa: E402
from quizzes.generation.nlp import get_nlp  # noqa: E402
from quizzes.generation.pipeline import generate  # noqa: E402

SAMPLE = ROOT / "quizzes" / "sources" / "samples" / "key-drivers-us-north-korea.txt"
ARTICLES = ROOT / "tests" / "fixtures" / "articles"
REPEATS = 5
# Wall time by default; ``--clock cpu`` measures this process's CPU time instead, which other
# jobs on a shared machine disturb far less (the parse and the engine are single-threaded).
CLOCK = {"wall": time.perf_counter, "cpu": time.process_time}
clock = CLOCK["wall"]


def best_of(function, repeats: int = REPEATS) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeats):
        start = clock()
        function()
        times.append(clock() - start)
    return min(times)


def longer_text(sample: str, factor: int) -> str:
    """About ``factor`` times the sample's length, of distinct paragraphs (repeats are dropped).

    Each copy of the sample gets a different number in every sentence, so the cleaner's
    repeated-sentence rule does not shrink the text.
    """
    parts = []
    body = clean_text(sample).text
    extra = [
        (ARTICLES / p.name).read_text(encoding="utf-8") for p in sorted(ARTICLES.glob("*.txt"))
    ]
    copy = 0
    while sum(len(p) for p in parts) < factor * len(sample):
        marker = f" (Report {copy + 1}, part {copy * 7 + 3}.)"
        parts.append(body.replace(". ", f"{marker} ").replace(".\n", f"{marker}\n"))
        parts.append(extra[copy % len(extra)].split("\n", 2)[2])
        copy += 1
    return "\n\n".join(parts)


def measure(label: str, text: str, repeats: int = REPEATS) -> float:
    nlp = get_nlp()
    cleaned = clean_text(text).text
    parse = best_of(lambda: nlp(cleaned), repeats)
    total = best_of(lambda: generate(text), repeats)
    ratio = total / parse
    print(
        f"{label:<28} {len(text):>9,} chars  parse {parse * 1000:8.0f} ms  "
        f"generate {total * 1000:8.0f} ms  ratio {ratio:5.2f}x"
    )
    return ratio


def main() -> None:
    global clock
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clock", choices=sorted(CLOCK), default="wall")
    clock = CLOCK[parser.parse_args().clock]
    sample = SAMPLE.read_text(encoding="utf-8")
    get_nlp()
    generate(sample)  # warm up: model, word-frequency tables
    one = measure("bundled article (1x)", sample)
    ten = measure("10x longer text", longer_text(sample, 10), repeats=2)
    print(f"ratio at 1x: {one:.2f}x (budget <= 2.5x); at 10x: {ten:.2f}x")
    print(f"growth of the ratio from 1x to 10x: {ten / one:.2f} (1.0 = perfectly linear)")


if __name__ == "__main__":
    main()
