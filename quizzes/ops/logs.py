"""Request ids in every log line, and carried into the jobs a request queues.

A request takes the id the load balancer gave it (``X-Request-ID``, when it is a plain token)
or a new one; the response echoes it. Every log record gets ``request_id`` and ``job_id`` (a
logging filter reads them from context variables), so a JSON log line of a job says which
request queued it. A job runs in another process, perhaps on another machine: at enqueue the
request id is written to the shared cache under the job's id, and the worker reads it back when
the job starts (django.tasks' ``task_started`` signal), whichever backend runs the job.
"""

from __future__ import annotations

import logging
import re
import uuid
from contextvars import ContextVar
from typing import Any

from django.core.cache import cache

logger = logging.getLogger(__name__)

request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
job_id: ContextVar[str | None] = ContextVar("job_id", default=None)

# What a load balancer's id may look like (haproxy's unique-id, a UUID, …): anything else is
# replaced, so a client cannot write arbitrary text into every log line.
_ID = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")
_JOB_REQUEST_KEY = "ops:job-request:{}"
_JOB_REQUEST_TTL = 24 * 3600


def incoming_request_id(header: str | None) -> str:
    """The id to log a request under: the balancer's if it is a plain token, else a new one."""
    if header and _ID.match(header):
        return header
    return uuid.uuid4().hex


class ContextFilter(logging.Filter):
    """Adds ``request_id`` and ``job_id`` (or None) to every record, for the formatter."""

    def filter(self, record: logging.LogRecord) -> bool:
        rid = request_id.get()
        record.request_id = rid
        record.job_id = job_id.get()
        # For the text format: "[request id] " when there is one, nothing otherwise.
        record.request_tag = f"[{rid}] " if rid else ""
        return True


# --- Jobs (receivers of django.tasks' signals, connected in quizzes.apps)


def job_enqueued(sender: Any, task_result: Any, **kwargs: Any) -> None:
    rid = request_id.get()
    if rid is None:
        return
    try:
        cache.set(_JOB_REQUEST_KEY.format(task_result.id), rid, _JOB_REQUEST_TTL)
    except Exception:  # a cache outage must not fail the request that queued the job
        logger.warning("Could not keep request id %s for job %s", rid, task_result.id)


_tokens: dict[str, tuple[Any, Any]] = {}


def job_started(sender: Any, task_result: Any, **kwargs: Any) -> None:
    rid = request_id.get()
    if rid is None:
        try:
            rid = cache.get(_JOB_REQUEST_KEY.format(task_result.id))
        except Exception:
            rid = None
    _tokens[str(task_result.id)] = (request_id.set(rid), job_id.set(str(task_result.id)))


def job_finished(sender: Any, task_result: Any, **kwargs: Any) -> None:
    tokens = _tokens.pop(str(task_result.id), None)
    if tokens is None:
        return
    try:
        request_id.reset(tokens[0])
        job_id.reset(tokens[1])
    except ValueError:  # set in another context (a thread): leave that context alone
        pass
