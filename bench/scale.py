"""The production shape under load, with a web node and a job worker killed (issue 15).

Starts deploy/stack.py's shape on this machine — PostgreSQL (database ``retain_bench``, made
fresh), a Redis of its own, 3 gunicorn web nodes behind haproxy, 2 RQ workers, the scheduler —
and drives it from an asyncio/httpx client with a mixed workload: next cards, review POSTs, quiz
autosaves and submits, course page views, and article uploads that queue generation.

Three phases of ``--seconds`` each, with the same client:

1. one node: haproxy's web2 and web3 disabled (the 1-node baseline, same run, same machine);
2. three nodes;
3. three nodes, and a third of the way in: ``kill -9`` of web node 2 (its gunicorn master and
   workers) and of a job worker (one running a job when there is one; the RQ worker and its
   work-horse), as if their machines died.

Prints throughput and p50/p95/p99 per endpoint per phase, the 3-node ÷ 1-node throughput ratio,
error counts, then pass/fail checks: every review the clients were told was recorded is in the
database exactly once (by its client UUID; a client retries a failed POST with the same UUID),
every queued article reaches ready or failed, no attempt is lost (every acknowledged start,
autosave and submit is stored), and haproxy sent no request to the dead node after its health
check marked it down.

Run from the repository root: ``.venv/bin/python bench/scale.py`` (``--seconds 15`` by default;
needs PostgreSQL on 127.0.0.1:5432, redis-server and haproxy).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import statistics
import sys
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "deploy"))

from stack import Stack  # noqa: E402

ARTICLE = (
    "The Amazon rainforest covers much of the Amazon basin of South America. The basin "
    "encompasses seven million square kilometres, of which five and a half million are covered "
    "by the rainforest. The region includes territory belonging to nine nations.\n\n"
    "The majority of the forest is contained within Brazil, with 60% of the rainforest, followed "
    "by Peru with 13% and Colombia with 10%. Deforestation in the Brazilian Amazon rose sharply "
    "in the 1970s when the government built the Trans-Amazonian Highway."
)


# --- What the clients did -----------------------------------------------------------------------


@dataclass
class Ledger:
    """What the server acknowledged, to check against the database afterwards."""

    reviews: set[str] = field(default_factory=set)
    attempts_started: set[int] = field(default_factory=set)
    saves: dict[tuple[int, int], int] = field(default_factory=dict)  # (attempt, slot) → sequence
    attempts_submitted: set[int] = field(default_factory=set)
    articles: set[int] = field(default_factory=set)


@dataclass
class Phase:
    name: str
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    refused: dict[str, int] = field(default_factory=lambda: defaultdict(int))  # 4xx
    seconds: float = 0.0

    def total(self) -> int:
        return sum(len(v) for v in self.latencies.values())


@dataclass
class Student:
    token: str
    session: str
    attempt: int | None = None
    slots: list[int] = field(default_factory=list)
    sequence: int = 0
    saves_left: int = 0


class Load:
    def __init__(self, base: str, info: dict, ledger: Ledger) -> None:
        self.base = base
        self.info = info
        self.ledger = ledger

    async def call(
        self, phase: Phase, client: httpx.AsyncClient, label: str, method: str, path: str, **kw
    ) -> httpx.Response | None:
        started = time.perf_counter()
        try:
            response = await client.request(method, path, **kw)
        except httpx.HTTPError:
            phase.errors[label] += 1
            return None
        elapsed = time.perf_counter() - started
        if response.status_code >= 500:
            phase.errors[label] += 1
            return None
        phase.latencies[label].append(elapsed)
        if response.status_code >= 400:
            phase.refused[label] += 1
        return response

    async def student_loop(self, phase: Phase, student: Student, until: float) -> None:
        headers = {"Authorization": f"Token {student.token}"}
        async with httpx.AsyncClient(base_url=self.base, headers=headers, timeout=30) as client:
            while time.monotonic() < until:
                roll = random.random()
                if roll < 0.30:
                    await self.call(
                        phase,
                        client,
                        "GET next cards",
                        "GET",
                        f"/api/v1/decks/{self.info['deck']}/study/",
                    )
                elif roll < 0.62:
                    await self.review(phase, client)
                elif roll < 0.88:
                    await self.quiz_step(phase, client, student)
                else:
                    await self.call(
                        phase,
                        client,
                        "GET course page",
                        "GET",
                        f"/courses/{self.info['course']}/",
                        headers={"Cookie": f"sessionid={student.session}"},
                    )

    async def review(self, phase: Phase, client: httpx.AsyncClient) -> None:
        review_id = str(uuid.uuid4())
        body = {
            "id": review_id,
            "card": random.choice(self.info["cards"]),
            "rating": random.randint(1, 4),
            "reviewed_at": datetime.now(UTC).isoformat(),
            "duration_ms": 1500,
        }
        for _ in range(3):  # an offline queue retries with the same UUID until it is told
            response = await self.call(
                phase, client, "POST review", "POST", "/api/v1/reviews/", json=body
            )
            if response is not None:
                if response.status_code in (200, 201):
                    self.ledger.reviews.add(review_id)
                return

    async def quiz_step(self, phase: Phase, client: httpx.AsyncClient, student: Student) -> None:
        if student.attempt is None:
            response = await self.call(
                phase,
                client,
                "POST start attempt",
                "POST",
                f"/api/v1/quizzes/{self.info['quiz']}/attempts/",
            )
            if response is None or response.status_code not in (200, 201):
                return
            body = response.json()
            student.attempt = body["id"]
            student.slots = [q["slot"] for q in body["questions"]]
            student.sequence = max([q["sequence"] for q in body["questions"]] or [0])
            student.saves_left = 4
            self.ledger.attempts_started.add(student.attempt)
            return
        if student.saves_left > 0:
            slot = random.choice(student.slots)
            student.sequence += 1
            response = await self.call(
                phase,
                client,
                "PUT autosave",
                "PUT",
                f"/api/v1/attempts/{student.attempt}/responses/{slot}/",
                json={"answer": None, "sequence": student.sequence},
            )
            if response is not None and response.status_code == 200:
                key = (student.attempt, slot)
                self.ledger.saves[key] = max(self.ledger.saves.get(key, 0), student.sequence)
                student.saves_left -= 1
            return
        response = await self.call(
            phase, client, "POST submit", "POST", f"/api/v1/attempts/{student.attempt}/submit/"
        )
        if response is not None and response.status_code in (200, 201):
            self.ledger.attempts_submitted.add(student.attempt)
            student.attempt = None

    async def uploads(self, phase: Phase, until: float, every: float) -> None:
        headers = {"Authorization": f"Token {self.info['teacher_token']}"}
        async with httpx.AsyncClient(base_url=self.base, headers=headers, timeout=30) as client:
            n = 0
            while time.monotonic() < until:
                n += 1
                response = await self.call(
                    phase,
                    client,
                    "POST article",
                    "POST",
                    "/api/v1/sources/",
                    json={
                        "course": self.info["course"],
                        # Each text its own: the same text again is the same article (200).
                        "text": f"{ARTICLE}\n\nLoad article {uuid.uuid4().hex[:8]}.",
                        "title": f"Load {phase.name} {n}",
                    },
                )
                if response is not None and response.status_code == 201:
                    self.ledger.articles.add(response.json()["id"])
                await asyncio.sleep(every)

    async def run(
        self,
        phase: Phase,
        seconds: float,
        students: list[Student],
        upload_every: float,
        during=None,
    ) -> Phase:
        until = time.monotonic() + seconds
        started = time.perf_counter()
        jobs = [self.student_loop(phase, s, until) for s in students]
        jobs.append(self.uploads(phase, until, upload_every))
        if during is not None:
            jobs.append(during(until))
        await asyncio.gather(*jobs)
        phase.seconds = time.perf_counter() - started
        return phase


# --- Set-up ---------------------------------------------------------------------------------------


def seed(students: int) -> tuple[dict, list[Student]]:
    """Students enrolled in the demo course, each with an API token and a signed-in session."""
    import django

    django.setup()
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import User

    from quizzes.accounts.tokens import token_create
    from quizzes.courses.services import course_join
    from quizzes.models import Card, Course, Deck, Quiz

    course = Course.objects.order_by("id").first()
    deck = Deck.objects.filter(course=course).order_by("id").first()
    quiz = Quiz.objects.filter(course=course).order_by("id").first()
    store = import_module(settings.SESSION_ENGINE).SessionStore
    people = []
    for n in range(students):
        user = User.objects.create_user(f"load{n}")
        course_join(user=user, join_code=course.join_code)
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        people.append(
            Student(token=token_create(user=user, origin="page")[1], session=session.session_key)
        )
    teacher = User.objects.get(username="teacher")
    info = {
        "course": course.pk,
        "deck": deck.pk,
        "quiz": quiz.pk,
        "cards": list(Card.objects.filter(decks=deck).values_list("id", flat=True))
        or list(Card.objects.filter(source__course=course).values_list("id", flat=True)),
        "teacher_token": token_create(user=teacher, origin="page")[1],
    }
    return info, people


# --- Report ---------------------------------------------------------------------------------------


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def report(phase: Phase) -> None:
    print(
        f"\n{phase.name}: {phase.total()} answered in {phase.seconds:.1f} s = "
        f"{phase.total() / phase.seconds:.1f} requests/s; errors (5xx, refused connections): "
        f"{sum(phase.errors.values())}"
    )
    print(
        f"  {'endpoint':<20}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'4xx':>6}{'errors':>8}"
    )
    for label in sorted(set(phase.latencies) | set(phase.errors)):
        values = phase.latencies.get(label, [])
        if values:
            cells = f"{len(values) / phase.seconds:8.1f}{pct(values, 0.5):9.0f}{pct(values, 0.95):9.0f}{pct(values, 0.99):9.0f}"
        else:
            cells = f"{0:8.1f}{'-':>9}{'-':>9}{'-':>9}"
        print(
            f"  {label:<20}{cells}{phase.refused.get(label, 0):6d}{phase.errors.get(label, 0):8d}"
        )


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        memory = int(Path("/proc/meminfo").read_text().split()[1]) // 1024 // 1024
    except OSError:
        memory = 0
    return (
        f"{os.cpu_count()} CPUs ({model}), {memory} GiB, {platform.system()} {platform.release()}"
    )


def checks(stack: Stack, ledger: Ledger, dead: dict) -> list[tuple[bool, str]]:
    from quizzes.models import Attempt, AttemptState, Response, Review, Source, SourceStatus

    found = list(Review.objects.filter(id__in=ledger.reviews).values_list("id", flat=True))
    results = [
        (
            len(found) == len(set(found)) == len(ledger.reviews),
            f"every acknowledged review is stored exactly once: {len(ledger.reviews)} acknowledged, "
            f"{len(found)} found by client UUID",
        )
    ]
    states = dict(Source.objects.filter(pk__in=ledger.articles).values_list("pk", "status"))
    unfinished = [
        pk
        for pk in ledger.articles
        if states.get(pk) not in (SourceStatus.READY, SourceStatus.FAILED)
    ]
    failed = sum(1 for s in states.values() if s == SourceStatus.FAILED)
    results.append(
        (
            not unfinished,
            f"every queued article is ready or failed: {len(ledger.articles)} queued, "
            f"{len(ledger.articles) - len(unfinished) - failed} ready, {failed} failed, "
            f"{len(unfinished)} neither",
        )
    )
    attempts = dict(
        Attempt.objects.filter(pk__in=ledger.attempts_started).values_list("pk", "state")
    )
    missing = ledger.attempts_started - set(attempts)
    unsubmitted = [
        pk for pk in ledger.attempts_submitted if attempts.get(pk) != AttemptState.SUBMITTED
    ]
    stored = {
        (a, s): seq
        for a, s, seq in Response.objects.filter(
            attempt_id__in=ledger.attempts_started
        ).values_list("attempt_id", "slot", "sequence")
    }
    lost_saves = [key for key, seq in ledger.saves.items() if stored.get(key, 0) < seq]
    results.append(
        (
            not missing and not unsubmitted and not lost_saves,
            f"no attempt lost: {len(ledger.attempts_started)} started ({len(missing)} missing), "
            f"{len(ledger.attempts_submitted)} submitted ({len(unsubmitted)} not submitted), "
            f"{len(ledger.saves)} autosaved answers ({len(lost_saves)} older than acknowledged)",
        )
    )
    after = int(stack.haproxy_servers()["web2"]["stot"])
    results.append(
        (
            dead.get("down_stot") is not None and after == dead["down_stot"],
            f"no traffic to the dead node after its health check failed: web2 marked "
            f"{dead.get('status', '?')} {dead.get('down_after', float('nan')):.1f} s after kill -9; "
            f"requests sent to it then {dead.get('down_stot')}, at the end {after}",
        )
    )
    return results


async def busy_worker(stack: Stack, seconds: float) -> str | None:
    """The stack's name of a worker running a job now (waiting up to ``seconds`` for one), so
    the kill leaves a job behind for the reaper."""
    import django_rq
    from rq.worker import Worker

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for worker in Worker.all(connection=django_rq.get_connection("default")):
            if worker.get_current_job_id():
                return worker.name.split("-")[0]  # "worker2-<pid>" → "worker2"
        await asyncio.sleep(0.1)
    return None


async def kill_during(stack: Stack, at: float, dead: dict, until: float) -> None:
    await asyncio.sleep(at)
    busy = await busy_worker(stack, seconds=5)
    victim = busy or "worker1"
    stack.kill("web2")
    stack.kill(victim)  # the worker and its work-horse, as if their machine died
    killed = time.monotonic()
    dead["killed"] = killed
    state = "running a job" if busy else "idle"
    print(f"  kill -9: web node 2 and {victim} ({state}), {at:.0f} s into the phase", flush=True)
    while time.monotonic() < until + 30:
        server = stack.haproxy_servers()["web2"]
        if server["status"].startswith("DOWN"):
            dead.update(
                down_stot=int(server["stot"]),
                status=server["status"],
                down_after=time.monotonic() - killed,
            )
            return
        await asyncio.sleep(0.1)


def merge(into: Phase, phase: Phase) -> None:
    for label, values in phase.latencies.items():
        into.latencies[label].extend(values)
    for label, n in phase.errors.items():
        into.errors[label] += n
    for label, n in phase.refused.items():
        into.refused[label] += n
    into.seconds += phase.seconds


def wait_up(stack: Stack, names: tuple[str, ...], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        servers = stack.haproxy_servers()
        if all(servers[name]["status"] == "UP" for name in names):
            return
        time.sleep(0.2)
    raise RuntimeError(f"{names} did not come back up")


def reaped_jobs(stack: Stack) -> int:
    """Jobs the reaper told their task were lost (the log lines of quizzes.core.jobs)."""
    return sum(
        log.read_text(errors="replace").count("lost: the background worker was killed")
        for log in (stack.var / "logs").glob("*.log")
    )


def wait_for_articles(ledger: Ledger, seconds: float) -> float:
    from quizzes.models import Source, SourceStatus

    started = time.monotonic()
    while time.monotonic() - started < seconds:
        left = (
            Source.objects.filter(pk__in=ledger.articles)
            .exclude(status__in=[SourceStatus.READY, SourceStatus.FAILED])
            .count()
        )
        if not left:
            break
        time.sleep(2)
    return time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=15, help="each phase (default 15)")
    parser.add_argument("--students", type=int, default=12, help="concurrent students (12)")
    parser.add_argument("--rounds", type=int, default=2, help="1-node/3-node rounds (2)")
    parser.add_argument("--upload-every", type=float, default=4, help="seconds between uploads (4)")
    parser.add_argument(
        "--drain", type=float, default=180, help="longest wait for articles (180 s)"
    )
    args = parser.parse_args()

    print(f"Machine: {machine()}")
    stack = Stack(
        web=3,
        workers=2,
        port=8300,
        redis_port=6391,
        database="retain_bench",
        var=ROOT / "var" / "bench-scale",
    )
    ledger = Ledger()
    dead: dict = {}
    try:
        started = time.monotonic()
        stack.prepare(fresh=True)
        stack._manage("demo", "--force")
        os.environ.update(
            stack.env(), DJANGO_SETTINGS_MODULE="learning.settings", LOG_LEVEL="WARNING"
        )
        info, students = seed(args.students)
        stack.start()
        print(
            f"Stack up in {time.monotonic() - started:.0f} s: 3 gunicorn nodes (1 process × "
            f"{stack.threads} threads each) behind haproxy, 2 RQ workers, the scheduler, "
            f"PostgreSQL, Redis; {args.students} students, {len(info['cards'])} cards"
        )
        load = Load(stack.url, info, ledger)

        # Warm-up, not counted: every node's threads, pools and lazy imports.
        asyncio.run(load.run(Phase("warm-up"), 5, students, args.upload_every))
        # Interleaved rounds, 1 node then 3, so a neighbour's load on the machine hits both.
        ones, threes, ratios = Phase("1 node"), Phase("3 nodes"), []
        for _ in range(args.rounds):
            for name in ("web2", "web3"):
                stack.haproxy_command(f"disable server web/{name}")
            one = asyncio.run(load.run(Phase("1 node"), args.seconds, students, args.upload_every))
            for name in ("web2", "web3"):
                stack.haproxy_command(f"enable server web/{name}")
            wait_up(stack, ("web2", "web3"))
            three = asyncio.run(
                load.run(Phase("3 nodes"), args.seconds, students, args.upload_every)
            )
            ratios.append((three.total() / three.seconds) / (one.total() / one.seconds))
            merge(ones, one)
            merge(threes, three)
        killed = asyncio.run(
            load.run(
                Phase("3 nodes, web2 and a worker killed"),
                args.seconds,
                students,
                args.upload_every,
                during=lambda until: kill_during(stack, args.seconds / 3, dead, until),
            )
        )
        for phase in (ones, threes, killed):
            report(phase)
        print(
            f"\nThroughput, 3 nodes ÷ 1 node: {statistics.median(ratios):.2f}× (median of "
            f"{len(ratios)} interleaved rounds: {', '.join(f'{r:.2f}' for r in ratios)})"
        )

        waited = wait_for_articles(ledger, args.drain)
        print(
            f"Articles settled {waited:.0f} s after the load (a killed worker's job is reaped "
            f"{stack.env()['WORKER_HEARTBEAT_SECONDS']} + 60 s after its last heartbeat)\n"
        )
        print(
            f"Jobs of the killed worker reaped and handed back to their task: {reaped_jobs(stack)}"
        )
        results = checks(stack, ledger, dead)
        for ok, line in results:
            print(f"{'PASS' if ok else 'FAIL'}  {line}")
        if not all(ok for ok, _ in results):
            sys.exit(1)
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
