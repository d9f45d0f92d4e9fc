"""Fit the keep model (``quizzes/generation/items/keep.py``) on blind ratings.

Reads a ratings folder built by ``bench/item_quality.py`` (``key.json``, the ``export-*.json``
files and the ``rater-*.txt`` files), runs this checkout's engine on the rated articles, finds
each rated item among the engine's drafts (same type, prompt and answer: the drafts the gate
kept and the ones it refused), and fits an L2-regularised logistic regression of "a rater kept
it" on the draft's features: one example per rated item and rater. Items this engine no longer
drafts (forms dropped since) cannot be matched and are counted, not used.

The regularisation strength is chosen by leave-one-article-out cross-validation (log loss);
the report gives, for the chosen strength, the held-out log loss, AUC and the acceptable
share of the top five items per article when ranked by the model, beside the same share when
ranked by the rule-based score of ``items/rank.py``. ``--write`` stores the weights in
``quizzes/generation/items/keep_model.json``.

    .venv/bin/python bench/rank_fit.py bench/ratings/gen-v2-heldout --write
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from quizzes.generation.items.keep import MODEL_PATH, features_of  # noqa: E402
from quizzes.generation.pipeline import generate  # noqa: E402

# Every rated round's articles (held-out, held-out-2, …): a rating names its article's file.
ARTICLE_DIRS = sorted((ROOT / "tests" / "fixtures" / "articles").glob("held-out*"))
LAMBDAS = (0.3, 1.0, 3.0, 10.0, 30.0)


def rated_items(folder: Path) -> list[dict]:
    """One row per rated item and version: article, item, and each rater's yes/no."""
    key = json.loads((folder / "key.json").read_text(encoding="utf-8"))
    ratings: dict[str, dict[str, bool]] = {}
    for path in sorted(folder.glob("rater-*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = re.split(r"[\s,]+", line.strip())
            if len(parts) >= 2 and parts[1] in ("yes", "no"):
                ratings.setdefault(parts[0], {})[path.stem] = parts[1] == "yes"
    exported: dict[tuple[str, str, int], dict] = {}
    for label, source in zip(key["versions"], key["sources"], strict=True):
        data = json.loads((ROOT / source).read_text(encoding="utf-8"))
        for article in data["articles"]:
            for rank, item in enumerate(article["items"], 1):
                exported[(label, article["file"], rank)] = item
    rows = []
    for pid, info in key["items"].items():
        label, version = next(iter(info["versions"].items()))
        item = exported[(label, info["article"], version["rank"])]
        rows.append(
            {"id": pid, "article": info["article"], "item": item, "ratings": ratings.get(pid, {})}
        )
    return rows


def _article_path(name: str) -> Path:
    for folder in ARTICLE_DIRS:
        if (folder / name).exists():
            return folder / name
    raise SystemExit(f"article {name} not found in {ARTICLE_DIRS}")


def examples(rows: list[dict]) -> tuple[list[dict[str, float]], list[int], list[str], list[float]]:
    """Feature dicts, labels, article names and the previous score, one per item and rater."""
    drafts_by_article: dict[str, dict[tuple[str, str, str], object]] = {}
    xs, ys, groups, old = [], [], [], []
    matched = unmatched = 0
    for row in rows:
        name = row["article"]
        if name not in drafts_by_article:
            generation = generate(_article_path(name).read_text(encoding="utf-8"))
            found: dict[tuple[str, str, str], object] = {}
            drafts = [*generation.items, *(r.item for r in generation.rejected)]
            # A false statement the gate did not put in place lives on as its true statement's
            # twin; it shares that statement's ranker features (same claim, same sentence).
            twins = [
                replace(d.false_variant, features=d.features) for d in drafts if d.false_variant
            ]
            for draft in [*drafts, *twins]:
                found.setdefault((draft.type, draft.prompt, draft.answer), draft)
            drafts_by_article[name] = found
        item = row["item"]
        draft = drafts_by_article[name].get((item["type"], item["prompt"], item["answer"]))
        if draft is None or not row["ratings"]:
            unmatched += 1
            continue
        matched += 1
        values = features_of(draft)  # type: ignore[arg-type]
        values["topic_answer"] = float(dict(draft.features).get("topic_answer", 0.0))  # type: ignore[attr-defined]
        for kept in row["ratings"].values():
            xs.append(values)
            ys.append(int(kept))
            groups.append(name)
            old.append(float(dict(draft.features).get("rule_score", 0.0)))  # type: ignore[attr-defined]
    print(
        f"rated items matched to this engine's drafts: {matched}; not drafted any more: {unmatched}"
    )
    return xs, ys, groups, old


def fit(x: np.ndarray, y: np.ndarray, strength: float) -> np.ndarray:
    """Newton's method for L2 logistic regression; column 0 (the bias) is not penalised."""
    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], strength)
    penalty[0] = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-(x @ w)))
        gradient = x.T @ (p - y) + penalty * w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty) + 1e-9 * np.eye(len(w))
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def auc(scores: np.ndarray, labels: np.ndarray) -> float:
    order = np.argsort(scores, kind="stable")
    ranks = np.empty(len(scores))
    ranks[order] = np.arange(1, len(scores) + 1)
    for value in np.unique(scores):  # ties share their mean rank
        tied = scores == value
        ranks[tied] = ranks[tied].mean()
    positives = labels.sum()
    negatives = len(labels) - positives
    return float(
        (ranks[labels == 1].sum() - positives * (positives + 1) / 2) / (positives * negatives)
    )


def top_share(scores: np.ndarray, labels: np.ndarray, groups: list[str], top: int) -> float:
    """Acceptable share of the ``top`` best-scored rated items of each article."""
    kept = total = 0
    for name in sorted(set(groups)):
        index = [i for i, g in enumerate(groups) if g == name]
        # Ratings come in pairs (one per rater) of the same item: rank items, then count both.
        ranked = sorted(index, key=lambda i: -scores[i])[: top * 2]
        kept += int(labels[ranked].sum())
        total += len(ranked)
    return kept / max(total, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folders", type=Path, nargs="+", help="ratings folders")
    parser.add_argument("--write", action="store_true", help="store the weights in the engine")
    arguments = parser.parse_args()
    rows = [row for folder in arguments.folders for row in rated_items(folder)]
    xs, ys, groups, old = examples(rows)
    names = sorted({name for values in xs for name in values})
    x = np.array([[1.0] + [values.get(name, 0.0) for name in names] for values in xs])
    y = np.array(ys, dtype=float)
    articles = sorted(set(groups))
    print(
        f"{len(y)} ratings of {len(y) // 2} items on {len(articles)} articles, {y.mean():.1%} kept"
    )
    best = None
    for strength in LAMBDAS:
        held = np.zeros(len(y))
        for name in articles:
            train = np.array([g != name for g in groups])
            w = fit(x[train], y[train], strength)
            held[~train] = 1 / (1 + np.exp(-(x[~train] @ w)))
        loss = -np.mean(y * np.log(held + 1e-12) + (1 - y) * np.log(1 - held + 1e-12))
        print(
            f"  lambda {strength:5.1f}: leave-one-article-out log loss {loss:.3f}, "
            f"AUC {auc(held, y):.3f}, top-5 per article kept {top_share(held, y, groups, 5):.1%}"
        )
        if best is None or loss < best[0]:
            best = (loss, strength, held)
    assert best is not None
    loss, strength, held = best
    base = -np.mean(y * math.log(y.mean()) + (1 - y) * math.log(1 - y.mean()))
    previous = np.array(old)
    print(f"chosen lambda {strength}: log loss {loss:.3f} (constant {base:.3f})")
    print(
        f"  held-out AUC {auc(held, y):.3f} vs the previous score's {auc(previous, y):.3f}; "
        f"top-5 per article kept {top_share(held, y, groups, 5):.1%} vs {top_share(previous, y, groups, 5):.1%}"
    )
    w = fit(x, y, strength)
    weights = {name: round(float(value), 4) for name, value in zip(names, w[1:], strict=True)}
    for name, value in sorted(weights.items(), key=lambda kv: -abs(kv[1])):
        print(f"  {name:28s} {value:+.3f}")
    if arguments.write:
        MODEL_PATH.write_text(
            json.dumps(
                {
                    "fitted_on": [str(f) for f in arguments.folders],
                    "ratings": len(y),
                    "lambda": strength,
                    "held_out_log_loss": round(float(loss), 4),
                    "held_out_auc": round(auc(held, y), 4),
                    "bias": round(float(w[0]), 4),
                    "weights": weights,
                },
                indent=1,
                sort_keys=True,
            )
            + "\n",
            encoding="utf-8",
        )
        print(f"wrote {MODEL_PATH.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
