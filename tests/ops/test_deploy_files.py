"""The deployment files are valid as their own tools read them: gunicorn's config (with the
production environment) and the haproxy configuration deploy/stack.py writes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ops.test_production_settings import PRODUCTION, ROOT

sys.path.insert(0, str(ROOT / "deploy"))
from stack import Stack


def test_gunicorn_reads_its_config_and_loads_the_app():
    result = subprocess.run(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "-c",
            "deploy/gunicorn.conf.py",
            "--check-config",
            "learning.wsgi:application",
        ],
        cwd=ROOT,
        env={**_env(), **PRODUCTION, "DJANGO_SETTINGS_MODULE": "learning.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr + result.stdout


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DEBUG")}


def test_haproxy_accepts_the_stacks_configuration(tmp_path):
    haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
    if not Path(haproxy).exists():
        pytest.skip("haproxy is not installed (make haproxy)")
    stack = Stack(web=3, var=tmp_path)
    config = tmp_path / "haproxy.cfg"
    config.write_text(stack.haproxy_config())
    result = subprocess.run([haproxy, "-c", "-f", str(config)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr + result.stdout
    assert config.read_text().count("server web") == 3
