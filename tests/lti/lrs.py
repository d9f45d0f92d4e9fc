"""A real Learning Record Store for the xAPI tests: Ralph's LRS (``ralph runserver -b fs``, its
file-system backend) on loopback, from its own virtualenv.

Ralph's ``lrs`` extra pins an old FastAPI and bcrypt, so it cannot share Retain's virtualenv: it
lives in ``var/ralph-venv``, made from ``requirements-lrs.txt`` by ``make lrs`` — or here, the first
time a test needs it (about a minute, from PyPI). Without network access to PyPI the xAPI tests
that need the LRS are skipped and say why.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
VENV = Path(os.environ.get("RETAIN_RALPH_VENV", ROOT / "var" / "ralph-venv"))
REQUIREMENTS = ROOT / "requirements-lrs.txt"
RALPH = VENV / "bin" / "ralph"
SERVER = Path(__file__).resolve().parent / "ralph_server.py"
USERNAME = "retain"
PASSWORD = "lrs-secret-for-tests"


def ensure_venv() -> str | None:
    """Make Ralph's virtualenv if it is missing; the reason it cannot be made, else None."""
    if RALPH.exists():
        return None
    python = shutil.which("python3.12") or sys.executable
    try:
        subprocess.run(
            [python, "-m", "venv", str(VENV)], check=True, capture_output=True, timeout=120
        )
        subprocess.run(
            [
                str(VENV / "bin" / "pip"),
                "install",
                "--disable-pip-version-check",
                "-q",
                "-r",
                str(REQUIREMENTS),
            ],
            check=True,
            capture_output=True,
            timeout=600,
        )
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as error:
        detail = getattr(error, "stderr", b"") or b""
        shutil.rmtree(VENV, ignore_errors=True)
        return (
            f"Ralph's LRS could not be installed in {VENV} from {REQUIREMENTS.name} "
            f"(needs PyPI): {error} {detail.decode(errors='replace')[-300:]}"
        )
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RalphLrs:
    """One Ralph LRS process; ``stop`` and ``start`` again keep its data (the same directory)."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.port = free_port()
        self.env = {
            **os.environ,
            "RALPH_APP_DIR": str(workdir / "app"),
            "RALPH_AUTH_FILE": str(workdir / "auth.json"),
            "RALPH_RUNSERVER_BACKEND": "fs",
            "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(workdir / "data"),
        }
        self.process: subprocess.Popen | None = None
        self.log = None
        workdir.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                str(RALPH),
                "auth",
                "-u",
                USERNAME,
                "-p",
                PASSWORD,
                "-s",
                "all",
                "-M",
                "mailto:retain@example.org",
                "-w",
            ],
            env=self.env,
            check=True,
            capture_output=True,
            timeout=60,
        )

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}/xAPI/"

    def start(self) -> None:
        self.log = open(self.workdir / "ralph.log", "ab")  # noqa: SIM115 - closed by stop()
        self.process = subprocess.Popen(
            [str(VENV / "bin" / "python"), str(SERVER), str(self.port)],
            cwd=self.workdir,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if requests.get(f"http://127.0.0.1:{self.port}/__heartbeat__", timeout=1).ok:
                    return
            except requests.RequestException:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"Ralph's LRS did not start; see {self.workdir / 'ralph.log'}")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
            self.process = None
        if self.log is not None:
            self.log.close()
            self.log = None

    def statements(self) -> list[dict]:
        """Every statement the LRS holds, read back through its xAPI API."""
        found: list[dict] = []
        url = f"{self.endpoint}statements/?limit=500"
        while url:
            answer = requests.get(
                url,
                auth=(USERNAME, PASSWORD),
                headers={"X-Experience-API-Version": "1.0.3"},
                timeout=10,
            )
            answer.raise_for_status()
            body = answer.json()
            found.extend(body["statements"])
            more = body.get("more")
            url = f"http://127.0.0.1:{self.port}{more}" if more else ""
        return found
