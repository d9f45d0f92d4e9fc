"""Answer-key recall on SQuAD v1.1 dev half A, beside a rarity-ranked baseline, in one run.

For each paragraph the engine's ranked answer keys (``quizzes.generation.pipeline.answer_keys``)
are cut at 10 and at 20; a crowd question counts as hit when one of its gold answers equals a
key (exact match) or overlaps one with token-F1 >= 0.5, after SQuAD's normalisation (lower
case, no punctuation, no articles, single spaces). The baseline ranks noun chunks and entities
by word rarity, as described in ``../shared/datasets/README.md``.
Run from the repository root: ``.venv/bin/python bench/answer_keys.py [--paragraphs N]``.
"""

from __future__ import annotations

import argparse
import json
import re
import string
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from wordfreq import zipf_frequency  # noqa: E402

from quizzes.generation.nlp import get_nlp  # noqa: E402
from quizzes.generation.pipeline import answer_keys  # noqa: E402
from quizzes.generation.types import GenerationError  # noqa: E402

DATASET = ROOT.parent / "shared" / "datasets" / "squad-v1.1-dev-half-a.json"
BUDGETS = (10, 20)


def normalise(text: str) -> str:
    """SQuAD's answer normalisation."""
    text = text.lower()
    text = "".join(ch for ch in text if ch not in set(string.punctuation))
    text = re.sub(r"\b(a|an|the)\b", " ", text)
    return " ".join(text.split())


def token_f1(prediction: str, gold: str) -> float:
    predicted, expected = normalise(prediction).split(), normalise(gold).split()
    common = Counter(predicted) & Counter(expected)
    same = sum(common.values())
    if same == 0:
        return 0.0
    precision, recall = same / len(predicted), same / len(expected)
    return 2 * precision * recall / (precision + recall)


def rarity_baseline(doc) -> list[str]:  # type: ignore[no-untyped-def]
    """Noun chunks and entities, rarest words first (the README's baseline)."""
    seen: dict[str, tuple[float, str]] = {}
    for span in [*doc.noun_chunks, *doc.ents]:
        words = [t.lower_ for t in span if t.is_alpha]
        if not words:
            words = [t.text for t in span]
        rarity = sum(8.0 - zipf_frequency(w, "en") for w in words) / len(words)
        key = normalise(span.text)
        if key and (key not in seen or seen[key][0] < rarity):
            seen[key] = (rarity, span.text)
    return [text for _, text in sorted(seen.values(), key=lambda item: (-item[0], item[1]))]


def score(keys: list[str], answers: list[str], budget: int) -> tuple[bool, bool]:
    top = [normalise(k) for k in keys[:budget]]
    golds = [normalise(a) for a in answers]
    exact = any(k == g for k in top for g in golds if g)
    f1 = exact or any(token_f1(k, g) >= 0.5 for k in keys[:budget] for g in answers)
    return exact, f1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--paragraphs", type=int, default=0, help="only the first N (0: all)")
    arguments = parser.parse_args()
    if not DATASET.exists():
        print(f"Dataset not found at {DATASET}: answer-key recall not measured.")
        print("It lives in the project's shared folder beside the repository (shared/datasets/).")
        return
    data = json.loads(DATASET.read_text(encoding="utf-8"))
    paragraphs = [p for article in data["data"] for p in article["paragraphs"]]
    if arguments.paragraphs:
        paragraphs = paragraphs[: arguments.paragraphs]
    nlp = get_nlp()
    hits = {(name, b, kind): 0 for name in ("engine", "baseline") for b in BUDGETS for kind in "EF"}
    questions = 0
    started = time.perf_counter()
    for paragraph in paragraphs:
        context = paragraph["context"]
        try:
            engine = answer_keys(context)
        except GenerationError:
            engine = []
        baseline = rarity_baseline(nlp(context))
        for qa in paragraph["qas"]:
            answers = [a["text"] for a in qa["answers"]]
            questions += 1
            for name, keys in (("engine", engine), ("baseline", baseline)):
                for budget in BUDGETS:
                    exact, f1 = score(keys, answers, budget)
                    hits[(name, budget, "E")] += exact
                    hits[(name, budget, "F")] += f1
    elapsed = time.perf_counter() - started
    print(
        f"SQuAD v1.1 dev half A: {len(paragraphs)} paragraphs, {questions} questions "
        f"({elapsed:.0f} s)"
    )
    print(
        f"{'keys per paragraph':<20}{'engine EM':>11}{'engine F1>=.5':>15}"
        f"{'baseline EM':>13}{'baseline F1>=.5':>17}"
    )
    for budget in BUDGETS:
        row = [
            hits[(name, budget, kind)] / max(questions, 1)
            for name in ("engine", "baseline")
            for kind in "EF"
        ]
        print(f"{budget:<20}{row[0]:>11.1%}{row[1]:>15.1%}{row[2]:>13.1%}{row[3]:>17.1%}")


if __name__ == "__main__":
    main()
