"""CPU instructions per study request, as ratios to a trivial JSON view counted in the same run:
a figure a loaded machine cannot blur (``bench/study.py``'s requests per second can).

Each request goes through Django's whole handler and middleware (the test client), in one process,
on a fresh copy of the 10,000-schedule database ``bench/study.py`` builds (run it once first;
``--rebuild`` there builds it anew, the same way every time). Counted with
valgrind's cachegrind: one run per kind makes ``--warmup`` requests of every kind (imports, caches,
the SQLite page cache) and then ``--requests`` of its own; a run with none of its own is
subtracted, so what is left is the instructions of those requests alone. Run from the repository
root: ``.venv/bin/python bench/study_instructions.py`` (a few minutes: Python under valgrind).

The review POST names its deck, as the study page does, so the deck check runs.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import uuid
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
INFO = ROOT / "var" / "bench-study-10k-sqlite.json"
KINDS = ("trivial", "study", "review")


def requests(kind: str, n: int) -> None:
    """Make ``n`` requests of ``kind`` (inside the measured process)."""
    import django

    django.setup()
    from django.test import Client

    info = json.loads(INFO.read_text())
    reader = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Token {info['tokens']['reader']}")
    writer = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Token {info['tokens']['writer']}")
    pick = random.Random(7).choice

    def one(what: str) -> None:
        if what == "trivial":
            response = reader.get("/bench/trivial/")
        elif what == "study":
            response = reader.get(f"/api/v1/decks/{info['deck']}/study/")
        else:
            body = {
                "id": str(uuid.uuid4()),
                "card": pick(info["cards"]),
                "rating": pick((2, 3, 4)),
                "reviewed_at": datetime.now(UTC).isoformat(),
                "duration_ms": 1500,
                "deck": info["deck"],
            }
            response = writer.post("/api/v1/reviews/", body, content_type="application/json")
        if response.status_code >= 300:
            raise SystemExit(f"{what}: {response.status_code} {response.content[:200]!r}")

    for what in KINDS * int(os.environ["BENCH_WARMUP"]):
        one(what)
    for _ in range(n):
        one(kind)


def counted(kind: str, n: int, warmup: int) -> int:
    """Instructions of a whole run (valgrind cachegrind)."""
    with tempfile.TemporaryDirectory() as workdir:
        # Every run starts from the database as built: reviews change the cards' states, and a
        # card's state changes what a review of it costs (a new card's comes with buttons).
        db = Path(workdir) / "study.sqlite3"
        shutil.copyfile(json.loads(INFO.read_text())["db"], db)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench.study_settings",
            "PYTHONPATH": str(ROOT),
            "BENCH_STUDY_DB": str(db),
            "BENCH_WARMUP": str(warmup),
        }
        env.pop("DATABASE_URL", None)
        out = Path(workdir) / "cachegrind.out"
        result = subprocess.run(
            [
                "valgrind",
                "--tool=cachegrind",
                "--cache-sim=no",
                f"--cachegrind-out-file={out}",
                sys.executable,
                __file__,
                "--inside",
                kind,
                str(n),
            ],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise SystemExit(result.stderr[-2000:])
        match = re.search(r"^summary:\s+(\d+)", out.read_text(), re.MULTILINE)
        if match is None:
            raise SystemExit("no summary in cachegrind's output")
        return int(match.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="of each kind (default 200)")
    parser.add_argument("--warmup", type=int, default=30, help="of every kind first (default 30)")
    parser.add_argument("--inside", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inside:
        requests(args.inside[0], int(args.inside[1]))
        return
    if not INFO.exists():
        raise SystemExit(f"{INFO} is missing: run bench/study.py once to build the database")
    base = counted("trivial", 0, args.warmup)
    per = {
        kind: (counted(kind, args.requests, args.warmup) - base) / args.requests for kind in KINDS
    }
    print(f"instructions per request ({args.requests} each, after {args.warmup} of every kind):")
    for kind in KINDS:
        ratio = per[kind] / per["trivial"]
        print(f"  {kind:8} {per[kind]:>12,.0f}  ({ratio:.2f}× the trivial view)")
    print(
        "as throughput ratios (trivial ÷ endpoint, what bench/study.py would show on an idle "
        f"machine, CPU-bound): next cards {per['trivial'] / per['study']:.2f}×, "
        f"review POST {per['trivial'] / per['review']:.2f}×"
    )


if __name__ == "__main__":
    main()
