"""Item quality, rated blind: export the top items, build a shuffled packet, score the ratings.

Three steps (``shared/notes/generation-rubric.md`` is what raters judge against):

``--export OUT.json``
    Run an engine on each article and keep its first ``--top`` items (15: the top of the review
    queue). ``--engine-root DIR`` runs the engine of another checkout (e.g. a git worktree of
    the commit before a change), so two versions can be compared without keeping old code.
``--packet A.json B.json [C.json …] --out DIR``
    Mix two or more exports of the same articles (oldest first) into one blind packet: every item shuffled (seeded),
    numbered P001…, showing only what the rubric lets a rater see (article title, type,
    prompt, choices, marked answer, explanation, evidence sentence). An item both versions made
    word for word is shown once. ``DIR/packet.md`` goes to the raters with a blank
    ``DIR/ratings-template.txt``; ``DIR/key.json`` (which version made each item) stays hidden.
``--score DIR/key.json RATINGS.txt [RATINGS.txt ...]``
    Read rater files, one line per item: ``ID yes|no REASONS deep|shallow|-`` (commas, tabs or
    spaces between; reasons are the rubric's letters G W A T D O B C, or ``-``), and print the
    acceptable share per version, per rater, per article and per type, the count of each
    reason, and the share of acceptable items that are deep.

Run from the repository root, e.g.::

    .venv/bin/python bench/item_quality.py --export var/new.json
    .venv/bin/python bench/item_quality.py --export var/old.json --engine-root ../wt-gen-base
    .venv/bin/python bench/item_quality.py --packet var/old.json var/new.json --out bench/ratings/r1
    .venv/bin/python bench/item_quality.py --score bench/ratings/r1/key.json bench/ratings/r1/rater-*.txt
"""

from __future__ import annotations

import argparse
import importlib
import json
import random
import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HELD_OUT = ROOT / "tests" / "fixtures" / "articles" / "held-out"
REASONS = "GWATDOBC"
TYPE_NAMES = {
    "mcq": "multiple choice",
    "true_false": "true or false",
    "cloze": "fill in the blank",
    "short_answer": "short answer (typed)",
    "flashcard": "flashcard (front → back)",
}


def export(out: Path, articles: list[Path], top: int, engine_root: Path, label: str) -> None:
    """Write the first ``top`` items of the engine at ``engine_root`` for each article."""
    sys.path.insert(0, str(engine_root))
    for name in [m for m in sys.modules if m == "quizzes" or m.startswith("quizzes.")]:
        del sys.modules[name]
    pipeline = importlib.import_module("quizzes.generation.pipeline")
    commit = subprocess.run(
        ["git", "-C", str(engine_root), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    exported = []
    for path in articles:
        generation = pipeline.generate(path.read_text(encoding="utf-8"))
        items = []
        for item in generation.items[:top]:
            items.append(
                {
                    "type": item.type,
                    "prompt": item.prompt,
                    "choices": list(item.choices),
                    "answer": item.answer,
                    "explanation": item.explanation,
                    "evidence": item.evidence.text,
                    "generator": item.generator,
                    "score": round(item.score, 4),
                }
            )
        exported.append(
            {"file": path.name, "title": generation.document.title or path.stem, "items": items}
        )
        print(f"{path.name}: {len(items)} items")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps(
            {"label": label, "commit": commit, "top": top, "articles": exported},
            ensure_ascii=False,
            indent=1,
        ),
        encoding="utf-8",
    )
    print(f"wrote {out} ({label} @ {commit})")


def _item_key(item: dict) -> tuple[str, str, str, tuple[str, ...]]:
    return (item["type"], item["prompt"], item["answer"], tuple(item["choices"]))


def packet(sources: list[Path], out: Path, seed: int) -> None:
    """Mix two or more exports into one blind, shuffled packet and a hidden key."""
    exports = [json.loads(p.read_text(encoding="utf-8")) for p in sources]
    labels = [e["label"] for e in exports]
    if len(set(labels)) < len(labels):
        labels = [f"{label}-{n}" for n, label in enumerate(labels, 1)]
    merged: dict[tuple[str, tuple[str, str, str, tuple[str, ...]]], dict] = {}
    for label, data in zip(labels, exports, strict=True):
        for article in data["articles"]:
            for rank, item in enumerate(article["items"], 1):
                key = (article["file"], _item_key(item))
                entry = merged.setdefault(
                    key,
                    {"article": article["file"], "title": article["title"], "item": item,
                     "versions": {}},
                )  # fmt: skip
                entry["versions"][label] = {"rank": rank, "generator": item["generator"]}
    entries = sorted(merged.values(), key=lambda e: (e["article"], e["item"]["prompt"]))
    random.Random(seed).shuffle(entries)
    out.mkdir(parents=True, exist_ok=True)
    lines = [
        "# Rating packet",
        "",
        "Rate every item against the rubric (`generation-rubric.md`). One line per item in your",
        "ratings file: `ID yes|no REASONS deep|shallow|-`, e.g. `P007 no TD -` or `P012 yes - deep`.",
        "",
    ]
    key: dict[str, dict] = {}
    for number, entry in enumerate(entries, 1):
        ident = f"P{number:03d}"
        item = entry["item"]
        key[ident] = {
            "article": entry["article"],
            "type": item["type"],
            "versions": entry["versions"],
        }
        lines += [f"## {ident}", "", f"- Article: {entry['title']}"]
        lines.append(f"- Type: {TYPE_NAMES.get(item['type'], item['type'])}")
        lines.append(f"- Prompt: {item['prompt']}")
        if item["choices"]:
            marked = [f"{c} ✔" if c == item["answer"] else c for c in item["choices"]]
            lines.append("- Choices: " + " | ".join(marked))
        lines.append(f"- Answer: {item['answer']}")
        if item["explanation"]:
            lines.append(f"- Explanation: {item['explanation']}")
        lines += [f"- Evidence: {item['evidence']}", ""]
    (out / "packet.md").write_text("\n".join(lines), encoding="utf-8")
    (out / "ratings-template.txt").write_text(
        "".join(f"{ident} \n" for ident in key), encoding="utf-8"
    )
    (out / "key.json").write_text(
        json.dumps(
            {"versions": labels, "sources": [str(p) for p in sources], "items": key},
            ensure_ascii=False,
            indent=1,
        ),
        encoding="utf-8",
    )
    counts = Counter(label for entry in entries for label in entry["versions"])
    shared = sum(len(entry["versions"]) >= 2 for entry in entries)
    print(
        f"wrote {out}/packet.md: {len(entries)} items ({dict(counts)}; {shared} made by more than one version)"
    )
    print(f"hidden key: {out}/key.json — do not give it to the raters")


_LINE = re.compile(r"^\s*(P\d{3,})[\s,;|]+(yes|no|y|n)\b[\s,;|]*([A-Za-z-]*)[\s,;|]*(\w*)", re.I)


def read_ratings(path: Path) -> dict[str, tuple[bool, str, str]]:
    """{id: (acceptable, reason letters, "deep"/"shallow"/"")} from one rater's file."""
    ratings = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _LINE.match(line)
        if match is None:
            continue
        ident, verdict, reasons, depth = match.groups()
        letters = "".join(ch for ch in reasons.upper() if ch in REASONS)
        depth = depth.lower() if depth.lower() in ("deep", "shallow") else ""
        ratings[ident.upper()] = (verdict.lower().startswith("y"), letters, depth)
    return ratings


def _share(values: list[bool]) -> str:
    if not values:
        return "   -   "
    return f"{sum(values) / len(values):6.1%} ({sum(values)}/{len(values)})"


def score(key_path: Path, rater_paths: list[Path]) -> None:
    """Print the acceptable share per version, rater, article and type, reasons and depth."""
    sys.path.insert(0, str(ROOT))
    from quizzes.generation.quality import way_of_form

    key = json.loads(key_path.read_text(encoding="utf-8"))
    versions: list[str] = key["versions"]
    items: dict[str, dict] = key["items"]
    raters = {path.stem: read_ratings(path) for path in rater_paths}
    for name, ratings in raters.items():
        missing = sorted(set(items) - set(ratings))
        if missing:
            print(f"{name}: {len(missing)} items not rated ({', '.join(missing[:8])}…)")
    print(f"{len(items)} items, {len(raters)} raters, versions {versions}\n")
    print("Acceptable share per version and rater (an item both versions made counts for both):")
    for version in versions:
        cells = []
        pooled: list[bool] = []
        for name, ratings in raters.items():
            values = [
                ratings[i][0] for i, e in items.items() if version in e["versions"] and i in ratings
            ]
            pooled += values
            cells.append(f"{name}: {_share(values)}")
        print(f"  {version:<12} " + "   ".join(cells) + f"   all raters: {_share(pooled)}")
    if len(versions) >= 2 and len(raters) >= 1:
        for name, ratings in raters.items():
            shares = []
            for version in versions:
                values = [
                    ratings[i][0]
                    for i, e in items.items()
                    if version in e["versions"] and i in ratings
                ]
                shares.append(sum(values) / max(len(values), 1))
            for later in range(1, len(versions)):
                print(
                    f"  difference ({versions[later]} − {versions[later - 1]}) for {name}: "
                    f"{shares[later] - shares[later - 1]:+.1%}"
                )
    for title, field in (("article", "article"), ("type", "type")):
        print(f"\nPer {title} (all raters pooled):")
        groups: dict[tuple[str, str], list[bool]] = defaultdict(list)
        for ident, entry in items.items():
            for version in entry["versions"]:
                for ratings in raters.values():
                    if ident in ratings:
                        groups[(entry[field], version)].append(ratings[ident][0])
        for group in sorted({g for g, _ in groups}):
            cells = "   ".join(f"{v}: {_share(groups[(group, v)])}" for v in versions)
            print(f"  {group:<44} {cells}")
    print("\nReasons (count of items rated unacceptable with each letter, all raters):")
    for version in versions:
        counts: Counter[str] = Counter()
        for ident, entry in items.items():
            if version not in entry["versions"]:
                continue
            for ratings in raters.values():
                if ident in ratings and not ratings[ident][0]:
                    counts.update(set(ratings[ident][1]))
        print(f"  {version:<12} " + "  ".join(f"{r} {counts[r]}" for r in REASONS))
    print(
        "\nReal questions among acceptable items (wh-, why, what follows, how do they differ,"
        " name the set, what does X mean; not blanks or true/false), and their own share kept:"
    )
    for version in versions:
        kept_ways: list[bool] = []
        question_kept: list[bool] = []
        for ident, entry in items.items():
            if version not in entry["versions"]:
                continue
            way = way_of_form(entry["type"], entry["versions"][version]["generator"])
            for ratings in raters.values():
                if ident in ratings:
                    if ratings[ident][0]:
                        kept_ways.append(way == "question")
                    if way == "question":
                        question_kept.append(ratings[ident][0])
        print(
            f"  {version:<12} {_share(kept_ways)} of acceptable items; "
            f"questions kept {_share(question_kept)}"
        )
    print("\nDeep share of acceptable items (claim, cause, consequence, comparison, definition):")
    for version in versions:
        deep = [
            ratings[i][2] == "deep"
            for i, e in items.items()
            if version in e["versions"]
            for ratings in raters.values()
            if i in ratings and ratings[i][0]
        ]
        print(f"  {version:<12} {_share(deep)}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--export", type=Path, metavar="OUT.json")
    mode.add_argument("--packet", type=Path, nargs="+", metavar="EXPORT.json")
    mode.add_argument("--score", type=Path, nargs="+", metavar="KEY.json RATINGS")
    parser.add_argument(
        "--articles", type=Path, nargs="*", help="article files (default: held-out)"
    )
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--engine-root", type=Path, default=ROOT)
    parser.add_argument("--label", default="", help="version name (default: the folder's name)")
    parser.add_argument("--out", type=Path, help="packet folder")
    parser.add_argument("--seed", type=int, default=12)
    arguments = parser.parse_args()
    if arguments.export:
        articles = arguments.articles or sorted(HELD_OUT.glob("*.txt"))
        label = arguments.label or arguments.engine_root.resolve().name
        export(arguments.export, articles, arguments.top, arguments.engine_root.resolve(), label)
    elif arguments.packet:
        if arguments.out is None:
            parser.error("--packet needs --out DIR")
        if len(arguments.packet) < 2:
            parser.error("--packet needs two or more exports")
        packet(arguments.packet, arguments.out, arguments.seed)
    else:
        if len(arguments.score) < 2:
            parser.error("--score needs the key file and at least one ratings file")
        score(arguments.score[0], arguments.score[1:])


if __name__ == "__main__":
    main()
