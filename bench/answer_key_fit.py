"""Fit the answer-span model's weights (``quizzes.generation.answers.WEIGHTS``) on SQuAD half A.

Every candidate answer of a paragraph is labelled 1 when, after SQuAD's normalisation, it equals
one of the crowd's answers for that paragraph. A logistic regression (L2, Newton steps) is fitted
on the even paragraphs; exact-match recall at 10 and 20 keys is reported on the odd ones with the
fitted weights and with the weights now in the engine. Paste the printed dictionary into
``answers.py`` to adopt a fit.
Run from the repository root: ``.venv/bin/python bench/answer_key_fit.py [--paragraphs N]``.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from answer_keys import DATASET, normalise  # noqa: E402

from quizzes.generation import answers  # noqa: E402
from quizzes.generation.centrality import sentence_centrality  # noqa: E402
from quizzes.generation.clean import clean_text  # noqa: E402
from quizzes.generation.nlp import analyse  # noqa: E402
from quizzes.generation.terms import extract_terms  # noqa: E402
from quizzes.generation.types import GenerationError  # noqa: E402

L2 = 1.0


def collect(
    paragraphs: list[dict],
) -> list[tuple[list[tuple[str, dict[str, float]]], list[set[str]]]]:
    rows = []
    for paragraph in paragraphs:
        try:
            analysis = analyse(clean_text(paragraph["context"]))
        except GenerationError:
            rows.append(
                ([], [{normalise(a["text"]) for a in qa["answers"]} for qa in paragraph["qas"]])
            )
            continue
        centrality = sentence_centrality(analysis.sentences)
        terms = extract_terms(analysis, centrality)
        spans = answers.candidate_spans(analysis, centrality, terms)
        rows.append(
            (
                [(normalise(s.text), dict(s.features), s.start, s.end, s.sentence) for s in spans],
                [{normalise(a["text"]) for a in qa["answers"]} for qa in paragraph["qas"]],
            )
        )
    return rows


def fit(rows, names: list[str], iterations: int = 300, l2: float = 0.01) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Listwise fit: for each question, the softmax over its paragraph's candidates should put
    its weight on the candidates that match the crowd's answer (Adam, L2, fixed iterations)."""
    items = []
    for candidates, questions in rows:
        if not candidates:
            continue
        x = np.array([[f.get(n, 0.0) for n in names] for _, f, *_ in candidates])
        keys = [key for key, *_ in candidates]
        for golds in questions:
            gold = np.array([key in golds for key in keys])
            if gold.any():
                items.append((x, gold))
    w = np.zeros(len(names))
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    for t in range(1, iterations + 1):
        gradient = l2 * w
        for x, gold in items:
            s = x @ w
            e = np.exp(s - s.max())
            p = e / e.sum()
            q = e * gold
            q /= q.sum()
            gradient += (p - q) @ x
        gradient /= len(items)
        m = 0.9 * m + 0.1 * gradient
        v = 0.999 * v + 0.001 * gradient * gradient
        w -= 0.05 * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
    return {name: round(float(value), 3) for name, value in zip(names, w, strict=True)}


def recall(rows, weights: dict[str, float], budget: int) -> float:  # type: ignore[no-untyped-def]
    """Exact-match recall at ``budget`` keys, chosen as the engine chooses them."""
    hit = total = 0
    for candidates, questions in rows:
        spans = [
            answers.AnswerSpan(
                start,
                end,
                key,
                sentence,
                0,
                "",
                (),
                sum(weights.get(n, 0.0) * v for n, v in f.items()),
            )
            for key, f, start, end, sentence in candidates
        ]
        spans.sort(key=lambda s: (-s.score, s.start, s.text))
        keys = {span.text for span in answers.select_keys(spans, budget)}
        for golds in questions:
            total += 1
            hit += bool(golds & keys)
    return hit / max(total, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--paragraphs", type=int, default=0)
    arguments = parser.parse_args()
    data = json.loads(DATASET.read_text(encoding="utf-8"))
    paragraphs = [p for article in data["data"] for p in article["paragraphs"]]
    if arguments.paragraphs:
        paragraphs = paragraphs[: arguments.paragraphs]
    rows = collect(paragraphs)
    even, odd = rows[0::2], rows[1::2]
    names = sorted({n for candidates, _ in rows for _, f, *_ in candidates for n in f})
    weights = fit(even, names)
    for label, w in (("fitted on even", weights), ("in the engine", answers.WEIGHTS)):
        print(
            f"{label:<16} odd EM@10 {recall(odd, w, 10):.1%}  EM@20 {recall(odd, w, 20):.1%}"
            f"   even EM@10 {recall(even, w, 10):.1%}  EM@20 {recall(even, w, 20):.1%}"
        )
    coverage = sum(bool(g & {k for k, *_ in c}) for c, qs in rows for g in qs) / max(
        sum(len(qs) for _, qs in rows), 1
    )
    print(f"any candidate matches: {coverage:.1%}")
    print("WEIGHTS = {")
    for name in sorted(weights):
        if not math.isclose(weights[name], 0.0):
            print(f'    "{name}": {weights[name]},')
    print("}")


if __name__ == "__main__":
    main()
