"""Fuzzing the API with schemathesis against its own OpenAPI schema (``/api/schema/``).

Every operation is called as an instructor and as a student (real tokens), with inputs generated
from the schema (valid ones, and invalid ones that break it), on a small course with an article,
a bank, a published quiz with an open attempt and a deck, so generated ids sometimes hit real
rows. Two checks hold: **no server error** (no 5xx, whatever the input) and **response schema
conformance** (a documented status carries the documented body).

Bounded: ``RETAIN_FUZZ_EXAMPLES`` examples per operation, role and mode (default 8) and
``RETAIN_FUZZ_SECONDS`` in all (default 150; operations not reached in time are reported as
skipped). Derandomised, so a run is reproducible; ``RETAIN_FUZZ_SEED=random`` explores afresh.
Every operation counts, the study ones (decks, reviews, study profile) included; the CI's
PostgreSQL lane runs it on PostgreSQL too. Run ``pytest tests/test_api_fuzz.py -s`` to see the
report. The lean study endpoints also get hand-made hostile bodies: ``tests/study/
test_lean_fuzz.py``.
"""

from __future__ import annotations

import logging
import os
import random
import time
import traceback
from dataclasses import dataclass, field

import pytest
import schemathesis
from django.core.signals import got_request_exception, request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error, response_schema_conformance
from schemathesis.core.failures import FailureGroup

from quizzes.accounts.tokens import token_create
from quizzes.quiz.services.attempts import attempt_start

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("RETAIN_FUZZ_EXAMPLES", "8"))
BUDGET_SECONDS = float(os.environ.get("RETAIN_FUZZ_SECONDS", "150"))
DERANDOMIZE = os.environ.get("RETAIN_FUZZ_SEED", "") != "random"
# e.g. "GET /api/v1/courses/" (that operation only) or "/decks/,/reviews/" (those paths)
ONLY = os.environ.get("RETAIN_FUZZ_ONLY", "")
VERBOSE = bool(os.environ.get("RETAIN_FUZZ_VERBOSE"))  # print each failure in full


@dataclass
class Finding:
    operation: str
    role: str
    problem: str
    request: str
    exception: str = ""


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    calls: int = 0


@pytest.fixture
def world(instructor, student, course, quiz, enrolled, bank, settings):
    """Real rows for generated ids to hit, and the API's throttles out of the way (this is a
    test of input handling; the throttles have their own tests)."""
    attempt_start(quiz=quiz, user=student)
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"user": None, "anon": None, "auth-token": None},
    }
    settings.LOGIN_FAILURES_PER_CLIENT = 10**6
    ids = sorted(
        {course.pk, quiz.pk, enrolled.pk, bank["mcq"].pk, bank["card"].pk, quiz.source_id or 1}
    )
    return {"instructor": instructor, "student": student, "ids": ids}


def _exceptions() -> list[str]:
    caught: list[str] = []

    def keep(sender, request=None, **kwargs):
        caught.append(traceback.format_exc(limit=-4))

    got_request_exception.connect(keep, weak=False, dispatch_uid="fuzz")
    return caught


@pytest.fixture
def connection_kept():
    """Calls go through the WSGI handler, which closes the database connection after each
    request; keep it open, as Django's test client does, so the test's transaction lives on."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_the_api_answers_any_input_without_a_server_error_and_as_its_schema_says(
    world, connection_kept
):
    schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    tokens = {
        role: token_create(user=world[role], origin="page")[1] for role in ("instructor", "student")
    }
    caught = _exceptions()
    logging.getLogger("django.request").setLevel(logging.ERROR)  # no line per 404
    report = Report()
    started = time.monotonic()
    operations = [result.ok() for result in schema.get_all_operations()]
    operations = [
        operation
        for operation in operations
        if any(only in operation.label for only in ONLY.split(","))
    ]
    # Pass by pass (each role and mode over every operation), so a run cut short by the time
    # budget on a slow machine has still called every operation, and skips the last pass only.
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
        for role in ("instructor", "student"):
            for operation in operations:
                if time.monotonic() - started > BUDGET_SECONDS:
                    report.skipped.append(f"{operation.label} ({role}, {mode.value})")
                    continue
                _fuzz(operation, role, mode, tokens[role], world["ids"], caught, report)
    got_request_exception.disconnect(dispatch_uid="fuzz")
    logging.getLogger("django.request").setLevel(logging.NOTSET)
    _print(report, time.monotonic() - started)
    assert not report.findings, "\n\n".join(
        f"{f.operation} as {f.role}: {f.problem}\n{f.request}\n{f.exception}"
        for f in report.findings
    )


def _fuzz(operation, role, mode, token, ids, caught, report) -> None:
    headers = {"Authorization": f"Token {token}"}

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=DERANDOMIZE,
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
    )
    @given(case=operation.as_strategy(generation_mode=mode), real=st.booleans())
    def run(case, real):
        if real and case.path_parameters:  # half the time, aim at rows that exist
            pick = random.Random(str(case.path_parameters)).choice
            case.path_parameters = {
                name: pick(ids) if isinstance(value, int) else value
                for name, value in case.path_parameters.items()
            }
        caught.clear()
        report.calls += 1
        response = case.call(headers=headers)
        try:
            case.validate_response(
                response, checks=[not_a_server_error, response_schema_conformance], headers=headers
            )
        except (Exception, FailureGroup) as failure:
            failure.add_note(case.as_curl_command(headers=headers))
            if caught:
                failure.add_note(caught[-1])
            raise

    try:
        run()
    except Unsatisfiable:  # nothing to vary (no parameters, no body): no negative input exists
        return
    except (Exception, FailureGroup) as failure:  # hypothesis re-raises the (shrunk) failure
        notes = getattr(failure, "__notes__", [])
        if VERBOSE:
            print(f"\n{operation.label} [{role}, {mode.value}]\n{failure}\n" + "\n".join(notes))
        report.findings.append(
            Finding(
                operation=operation.label,
                role=f"{role}, {mode.value}",
                problem=_problem(failure),
                request=next((n for n in notes if n.startswith("curl")), ""),
                exception=next((n for n in notes if "Traceback" in n), "")[-1500:],
            )
        )


def _problem(failure: BaseException) -> str:
    """What failed, in a few lines: each sub-failure's title, the status and body it got."""
    parts = list(getattr(failure, "exceptions", [failure]))
    lines = [str(part).strip().splitlines()[0][:200] for part in parts]
    text = str(failure)
    for marker in ("[5", "[4", "[2"):
        if marker in text:
            lines.append(text[text.index(marker) :].split("\n\n")[0][:200])
            lines.append(
                text[text.index(marker) :].split("\n\n")[1][:300]
                if "\n\n" in text[text.index(marker) :]
                else ""
            )
            break
    return " | ".join(line for line in lines if line)


def _print(report: Report, seconds: float) -> None:
    print(f"\nschemathesis: {report.calls} calls in {seconds:.0f} s")
    print(f"-- {len(report.findings)} failing operation(s)")
    for f in report.findings:
        print(f"{f.operation} [{f.role}] {f.problem}\n  {f.request}\n{f.exception}")
    if report.skipped:
        print(f"-- not reached within {BUDGET_SECONDS:.0f} s: {len(report.skipped)}")
        if VERBOSE:
            print("\n".join(report.skipped))
