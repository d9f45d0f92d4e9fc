"""Start Retain's production shape on this machine, every process on 127.0.0.1:

    PostgreSQL (the system's, 127.0.0.1:5432)    Redis (a redis-server of the stack's own)
    N web nodes: gunicorn (deploy/gunicorn.conf.py) on ports 8101…
    haproxy on 127.0.0.1:8100, health-checking each node's /readyz
    M job workers: RQ (`manage.py rqworker`, Retain's worker class)
    the scheduler (`manage.py scheduler`)

`make prod` (or `python deploy/stack.py --web 3 --workers 2`) starts it, prints where it is and
stops everything on Ctrl-C. bench/scale.py drives the same class. Logs go to var/prod/logs/.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
PYTHON = str(VENV_BIN / "python")


@dataclass
class Stack:
    web: int = 3
    workers: int = 2
    port: int = 8100  # the balancer; nodes on port + 1 …
    redis_port: int = 6390
    database: str = "retain_prod"
    web_processes: int = 1  # gunicorn workers per node (WEB_CONCURRENCY)
    threads: int = 4
    var: Path = ROOT / "var" / "prod"
    extra_env: dict[str, str] = field(default_factory=dict)
    procs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    # --- configuration

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def node_port(self, n: int) -> int:
        return self.port + n

    def env(self) -> dict[str, str]:
        secret_file = self.var / "secret_key"
        if not secret_file.exists():
            secret_file.write_text(secrets.token_urlsafe(64))
        base = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE",)}
        return {
            **base,
            "DEBUG": "0",
            "SECRET_KEY": secret_file.read_text().strip(),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{self.port}",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{self.database}",
            "DATABASE_POOL_SIZE": str(self.threads),
            "REDIS_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "TASKS_BACKEND": "django_tasks_rq.RQBackend",
            "TRUSTED_PROXY_COUNT": "1",  # haproxy appends the client to X-Forwarded-For
            "LOG_FORMAT": "json",
            "WEB_CONCURRENCY": str(self.web_processes),
            "GUNICORN_THREADS": str(self.threads),
            "WORKER_HEARTBEAT_SECONDS": "5",
            "WORKER_STALE_SECONDS": "30",
            "PYTHONUNBUFFERED": "1",
            **self.extra_env,
        }

    def haproxy_config(self) -> str:
        servers = "\n".join(
            f"    server web{n} 127.0.0.1:{self.node_port(n)} check" for n in range(1, self.web + 1)
        )
        return f"""# Written by deploy/stack.py: the balancer in front of the web nodes.
global
    maxconn 2000
    stats socket {self.var}/haproxy.sock mode 600 level admin

defaults
    mode http
    timeout connect 2s
    timeout client 30s
    timeout server 35s
    # A request refused by a node that has just died goes to another one.
    retries 2
    option redispatch
    option forwardfor

frontend retain
    bind 127.0.0.1:{self.port}
    # TLS ends here in production (a certificate on this bind); the nodes trust the header.
    http-request set-header X-Forwarded-Proto https
    unique-id-format %{{+X}}o%ci:%cp_%fi:%fp_%Ts_%rt:%pid
    unique-id-header X-Request-ID
    default_backend web

backend web
    balance leastconn
    option httpchk
    http-check send meth GET uri /readyz ver HTTP/1.1 hdr Host 127.0.0.1
    http-check expect status 200
    # Out after 2 failed checks a second apart; back after 2 good ones.
    default-server inter 1s fall 2 rise 2
{servers}
"""

    # --- processes

    def _start(self, name: str, args: list[str], env: dict[str, str] | None = None) -> None:
        logs = self.var / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        with (logs / f"{name}.log").open("ab") as out:
            self.procs[name] = subprocess.Popen(
                args,
                cwd=ROOT,
                env=env or self.env(),
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # kill(name) stops the process and what it forked
            )

    def kill(self, name: str, sig: int = signal.SIGKILL) -> None:
        proc = self.procs[name]
        # RQ's work-horse runs in a session of its own: find it before the group goes.
        family = descendants(proc.pid)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        for pid in family:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, sig)
        proc.wait(timeout=30)

    def _manage(self, *args: str) -> None:
        subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=self.env(),
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def prepare(self, *, fresh: bool = False) -> None:
        """The database (made if missing; dropped first with ``fresh``), its tables, static
        files, and the stack's Redis."""
        import psycopg

        self.var.mkdir(parents=True, exist_ok=True)
        if fresh:
            shutil.rmtree(self.var / "logs", ignore_errors=True)
        with psycopg.connect(
            "postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True
        ) as db:
            if fresh:
                db.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
            exists = db.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [self.database]
            ).fetchone()
            if not exists:
                db.execute(f'CREATE DATABASE "{self.database}"')
        self._start(
            "redis",
            [
                "redis-server",
                "--port",
                str(self.redis_port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--maxmemory-policy",
                "noeviction",
            ],
        )
        _wait_port(self.redis_port, "redis-server")
        self._manage("migrate", "--no-input", "-v", "0")
        self._manage("collectstatic", "--no-input", "-v", "0")

    def start_web(self, n: int) -> None:
        metrics = self.var / "metrics" / f"web{n}"
        shutil.rmtree(metrics, ignore_errors=True)
        metrics.mkdir(parents=True)
        env = {
            **self.env(),
            "GUNICORN_BIND": f"127.0.0.1:{self.node_port(n)}",
            "GUNICORN_NAME": f"retain-web{n}",
            "PROMETHEUS_MULTIPROC_DIR": str(metrics),
        }
        self._start(
            f"web{n}",
            [
                str(VENV_BIN / "gunicorn"),
                "-c",
                "deploy/gunicorn.conf.py",
                "learning.wsgi:application",
            ],
            env,
        )

    def start_worker(self, n: int) -> None:
        self._start(
            f"worker{n}",
            [
                PYTHON,
                "manage.py",
                "rqworker",
                "--name",
                f"worker{n}-{os.getpid()}",
                "--worker-class",
                "quizzes.core.rq_worker.Worker",
                "--job-class",
                "django_tasks_rq.Job",
                "default",
            ],
        )

    def start(self) -> None:
        for n in range(1, self.web + 1):
            self.start_web(n)
        for n in range(1, self.workers + 1):
            self.start_worker(n)
        self._start("scheduler", [PYTHON, "manage.py", "scheduler"])
        (self.var / "haproxy.cfg").write_text(self.haproxy_config())
        self._start("haproxy", [_haproxy(), "-db", "-f", str(self.var / "haproxy.cfg")])
        for n in range(1, self.web + 1):
            _wait_ready(f"http://127.0.0.1:{self.node_port(n)}/readyz", f"web node {n}")
        _wait_ready(f"{self.url}/readyz", "the balancer")

    def stop(self) -> None:
        for name in reversed(list(self.procs)):
            proc = self.procs[name]
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGTERM)
                except ProcessLookupError:
                    continue
        for proc in self.procs.values():
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)

    # --- the balancer's view

    def haproxy_command(self, command: str) -> str:
        """A command on haproxy's stats socket (``disable server web/web2``, ``show stat``)."""
        with socket.socket(socket.AF_UNIX) as sock:
            sock.connect(str(self.var / "haproxy.sock"))
            sock.sendall(command.encode() + b"\n")
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
        return data.decode()

    def haproxy_servers(self) -> dict[str, dict[str, str]]:
        """haproxy's `show stat` for the web backend's servers: status, stot (requests sent), …"""
        lines = self.haproxy_command("show stat").splitlines()
        header = lines[0].lstrip("# ").split(",")
        rows = [dict(zip(header, line.split(","), strict=False)) for line in lines[1:] if line]
        return {
            r["svname"]: r for r in rows if r["pxname"] == "web" and r["svname"].startswith("web")
        }


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (from /proc), children first."""
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _haproxy() -> str:
    found = shutil.which("haproxy") or (
        "/usr/sbin/haproxy" if Path("/usr/sbin/haproxy").exists() else None
    )
    if not found:
        sys.exit("haproxy is not installed: apt-get install haproxy (Debian), or see README.")
    return found


def _wait_port(port: int, what: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not start on port {port}")


def _wait_ready(url: str, what: str, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{what} is not ready ({url})")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--web", type=int, default=3, help="web nodes (default 3)")
    parser.add_argument("--workers", type=int, default=2, help="job workers (default 2)")
    parser.add_argument("--port", type=int, default=8100, help="the balancer's port (8100)")
    parser.add_argument("--demo", action="store_true", help="load the demo course and users")
    args = parser.parse_args()
    stack = Stack(web=args.web, workers=args.workers, port=args.port)
    try:
        stack.prepare()
        if args.demo:
            stack._manage("demo", "--force")
        stack.start()
        print(
            f"\n  Retain (production shape) is at {stack.url}/  — {args.web} web nodes behind haproxy,"
        )
        print(
            f"  {args.workers} RQ workers, the scheduler; PostgreSQL database {stack.database!r},"
        )
        print(
            f"  Redis on 127.0.0.1:{stack.redis_port}. Logs: {stack.var}/logs/. Ctrl-C stops it.\n"
        )
        # Blocked only now: the processes started above must not inherit the mask.
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
        signal.sigwait({signal.SIGINT, signal.SIGTERM})
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
