"""Study speed as ratios, measured on a real server: gunicorn (2 workers, DEBUG off) on 127.0.0.1.

Prints, as the median of interleaved rounds (a trivial JSON view, then each endpoint, repeated):

* review POST requests/s ÷ the trivial view's (budget ≥ 0.25×)
* next-cards GET requests/s ÷ the trivial view's (budget ≥ 0.35×)
* next-cards latency with 1,000,000 schedules ÷ with 10,000 (budget ≤ 1.5×)

The trivial view lives in this bench's own URLconf (bench/study_urls.py), served by the same
gunicorn in the same run. Load comes from Debian's ``wrk`` (installed with apt-get when missing and
run as root), else from a Python keep-alive load loop. Each database is built from the models
(var/bench-study-*.sqlite3, or PostgreSQL with ``--postgres``). Run from the repository root:
``.venv/bin/python bench/study.py`` (``--quick`` for a short run).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VAR = ROOT / "var"
PYTHON = sys.executable
SIZES = {"10k": 10_000, "1m": 1_000_000}
PORTS = {"10k": 8711, "1m": 8712}
TRIVIAL = "/bench/trivial/"


# --- Load ---------------------------------------------------------------------------------------


def have_wrk() -> bool:
    if shutil.which("wrk"):
        return True
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "wrk"],
            check=False,
            capture_output=True,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
    return bool(shutil.which("wrk"))


POST_LUA = """
local cards = {%(cards)s}
local counter = 0
math.randomseed(os.time() + %(seed)d)  -- a new sequence of ids in every run
local function uuid()
  return (string.gsub("xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx", "[xy]", function(c)
    local v = (c == "x") and math.random(0, 15) or math.random(8, 11)
    return string.format("%%x", v)
  end))
end
request = function()
  counter = counter + 1
  local at = os.date("!%%Y-%%m-%%dT%%H:%%M:%%S", os.time()) .. string.format(".%%06dZ", counter %% 1000000)
  local body = string.format('{"id":"%%s","card":%%d,"rating":%%d,"reviewed_at":"%%s","duration_ms":1500}',
    uuid(), cards[math.random(#cards)], math.random(2, 4), at)
  return wrk.format("POST", "/api/v1/reviews/", {["Content-Type"] = "application/json",
    ["Authorization"] = "Token %(token)s"}, body)
end
"""

GET_LUA = """
wrk.headers["Authorization"] = "Token %(token)s"
"""


def wrk(
    url: str, seconds: float, connections: int, script: Path | None = None
) -> tuple[float, int]:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s"]
    if script is not None:
        command += ["-s", str(script)]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return rps, int(bad.group(1)) if bad else 0


def python_load(
    port: int, path: str, seconds: float, connections: int, body_for=None, token: str = ""
) -> tuple[float, int]:
    """A keep-alive load loop in threads, for machines without wrk."""
    counts, bad = [0] * connections, [0] * connections
    stop = time.perf_counter() + seconds

    def worker(n: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port)
        headers = {"Authorization": f"Token {token}"} if token else {}
        while time.perf_counter() < stop:
            if body_for is None:
                conn.request("GET", path, headers=headers)
            else:
                conn.request(
                    "POST",
                    path,
                    body=body_for(),
                    headers={**headers, "Content-Type": "application/json"},
                )
            response = conn.getresponse()
            response.read()
            counts[n] += 1
            bad[n] += response.status >= 300

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts) / seconds, sum(bad)


class Load:
    def __init__(self, info: dict, seconds: float, connections: int, workdir: Path) -> None:
        self.info, self.seconds, self.connections = info, seconds, connections
        self.use_wrk = have_wrk()
        self.get_script = workdir / "get.lua"
        self.get_script.write_text(GET_LUA % {"token": info["tokens"]["reader"]})
        self.post_script = workdir / "post.lua"
        self.post_script.write_text(
            POST_LUA
            % {
                "cards": ",".join(map(str, info["cards"])),
                "token": info["tokens"]["writer"],
                "seed": random.randrange(1 << 30),
            }
        )

    def run(self, port: int, kind: str, connections: int | None = None) -> tuple[float, int]:
        conns = connections or self.connections
        study = f"/api/v1/decks/{self.info['deck']}/study/"
        if self.use_wrk:
            base = f"http://127.0.0.1:{port}"
            if kind == "trivial":
                return wrk(base + TRIVIAL, self.seconds, conns)
            if kind == "study":
                return wrk(base + study, self.seconds, conns, self.get_script)
            return wrk(base + "/api/v1/reviews/", self.seconds, conns, self.post_script)
        if kind == "trivial":
            return python_load(port, TRIVIAL, self.seconds, conns)
        if kind == "study":
            return python_load(
                port, study, self.seconds, conns, token=self.info["tokens"]["reader"]
            )
        cards = self.info["cards"]

        def body() -> str:
            import uuid

            return json.dumps(
                {
                    "id": str(uuid.uuid4()),
                    "card": random.choice(cards),
                    "rating": random.randint(2, 4),
                    "reviewed_at": datetime.now(UTC).isoformat(),
                    "duration_ms": 1500,
                }
            )

        return python_load(
            port, "/api/v1/reviews/", self.seconds, conns, body, self.info["tokens"]["writer"]
        )


# --- Orchestration ------------------------------------------------------------------------------


def database(size: str, postgres: bool) -> str:
    if not postgres:
        return str(VAR / f"bench-study-{size}.sqlite3")
    name = f"bench_study_{size}"
    subprocess.run(["dropdb", "--if-exists", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def environment(db: str, *, fresh: bool = True) -> dict[str, str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.study_settings", "PYTHONPATH": str(ROOT)}
    env["BENCH_STUDY_DB"] = db
    if db.startswith("postgres"):
        env["DATABASE_URL"] = db
    else:
        env.pop("DATABASE_URL", None)
        for suffix in ("", "-wal", "-shm") if fresh else ():
            Path(db + suffix).unlink(missing_ok=True)
    return env


def start_server(port: int, env: dict[str, str]) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "learning.wsgi:application",
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", TRIVIAL)
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit(f"gunicorn did not start on port {port}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL on 127.0.0.1")
    parser.add_argument("--quick", action="store_true", help="3 rounds of 1 s")
    parser.add_argument("--rebuild", action="store_true", help="build the databases again")
    args = parser.parse_args()
    if args.quick:
        args.rounds, args.seconds = 3, 1.0
    VAR.mkdir(exist_ok=True)

    infos, envs, servers = {}, {}, {}
    for size, count in SIZES.items():
        started = time.perf_counter()
        kind = "postgresql" if args.postgres else "sqlite"
        saved = VAR / f"bench-study-{size}-{kind}.json"
        if saved.exists() and not args.rebuild:  # built before: reuse it (--rebuild to redo)
            infos[size] = json.loads(saved.read_text())
            envs[size] = environment(infos[size]["db"], fresh=False)
            continue
        envs[size] = environment(database(size, args.postgres))
        result = subprocess.run(
            [PYTHON, str(ROOT / "bench" / "study_build.py"), str(count)],
            cwd=ROOT,
            env=envs[size],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode:
            raise SystemExit(result.stderr)
        infos[size] = json.loads(result.stdout.strip().splitlines()[-1])
        infos[size]["db"] = envs[size]["BENCH_STUDY_DB"]
        saved.write_text(json.dumps(infos[size]))
        print(
            f"built {size}: {infos[size]['schedules']:,} schedules in "
            f"{time.perf_counter() - started:.0f} s"
        )
    try:
        for size in SIZES:
            servers[size] = start_server(PORTS[size], envs[size])
        with tempfile.TemporaryDirectory() as workdir:
            loads = {}
            for size in SIZES:
                (Path(workdir) / size).mkdir()
                loads[size] = Load(
                    infos[size], args.seconds, args.connections, Path(workdir) / size
                )
            small = loads["10k"]
            print(
                f"load: {'wrk' if small.use_wrk else 'Python loop'}, {args.connections} "
                f"connections, {args.rounds} rounds of {args.seconds:g} s; gunicorn 2 workers"
            )
            for size in SIZES:  # warm up each server (connections, caches, imports)
                loads[size].run(PORTS[size], "trivial")
                loads[size].run(PORTS[size], "study")
            rows = []
            for n in range(args.rounds):
                trivial, _ = small.run(PORTS["10k"], "trivial")
                study, bad_study = small.run(PORTS["10k"], "study")
                review, bad_review = small.run(PORTS["10k"], "review")
                latency = {}
                for size in SIZES:
                    rps, _ = loads[size].run(PORTS[size], "study", connections=1)
                    latency[size] = 1000 / rps
                rows.append((trivial, study, review, latency["10k"], latency["1m"]))
                print(
                    f"round {n + 1}: trivial {trivial:7.0f} req/s | next cards {study:6.0f} "
                    f"({study / trivial:.2f}×) | review POST {review:6.0f} ({review / trivial:.2f}×)"
                    f" | latency 10k {latency['10k']:.2f} ms, 1M {latency['1m']:.2f} ms"
                    + (f" | non-2xx: {bad_study + bad_review}" if bad_study + bad_review else "")
                )
    finally:
        for server in servers.values():
            server.terminate()
            server.wait(timeout=30)
    median = statistics.median
    figures = {
        "review_post_ratio": median(r[2] / r[0] for r in rows),
        "next_cards_ratio": median(r[1] / r[0] for r in rows),
        "latency_1m_over_10k": median(r[4] / r[3] for r in rows),
        "trivial_rps": median(r[0] for r in rows),
        "next_cards_ms_10k": median(r[3] for r in rows),
        "next_cards_ms_1m": median(r[4] for r in rows),
        "database": "postgresql" if args.postgres else "sqlite",
    }
    print(
        f"\nmedian of {args.rounds} rounds ({figures['database']}):\n"
        f"  review POST   {figures['review_post_ratio']:.2f}× the trivial view (budget ≥ 0.25×)\n"
        f"  next cards    {figures['next_cards_ratio']:.2f}× the trivial view (budget ≥ 0.35×)\n"
        f"  next cards latency, 1,000,000 vs 10,000 schedules: "
        f"{figures['latency_1m_over_10k']:.2f}× ({figures['next_cards_ms_1m']:.2f} ms vs "
        f"{figures['next_cards_ms_10k']:.2f} ms; budget ≤ 1.5×)"
    )
    (VAR / f"bench-study-{figures['database']}.json").write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
