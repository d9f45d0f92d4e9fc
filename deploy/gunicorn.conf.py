"""gunicorn's configuration for a Retain web node: `gunicorn -c deploy/gunicorn.conf.py
learning.wsgi:application`. Every value can be set from the environment (README "Running in
production").

Sizing: a request spends most of its time waiting on PostgreSQL and Redis, so each worker process
runs GUNICORN_THREADS threads (gthread); WEB_CONCURRENCY processes per node, about one per core.
Give DATABASE_POOL_SIZE the thread count: each thread holds at most one connection.

Graceful restart (a deploy): `kill -HUP <master pid>` starts new workers with the new code and
stops the old ones after their requests (graceful_timeout). A new gunicorn binary: USR2, then
WINCH and QUIT to the old master. SIGTERM stops the node gracefully; a balancer's health check
(`/readyz`) takes it out of rotation as soon as it stops answering.
"""

from __future__ import annotations

import os


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = _int("WEB_CONCURRENCY", 2)
worker_class = "gthread"
threads = _int("GUNICORN_THREADS", 4)
# A request that takes longer is a bug or an overload: the worker is restarted, the client gets
# a 502 from the balancer. Uploads are bounded (3 MB) and generation runs in the job workers.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = 5  # seconds; above the balancer's idle time to the server so it closes first
# Recycle a worker after this many requests (with jitter, so not all at once): bounds slow leaks.
max_requests = _int("GUNICORN_MAX_REQUESTS", 5000)
max_requests_jitter = max_requests // 10
# Access lines come from Django (LOG_REQUESTS=1, JSON with the request id); gunicorn's own
# errors go to stderr.
accesslog = None
errorlog = "-"
# The balancer is the only client: trust its X-Forwarded-* from the loopback address.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
proc_name = os.environ.get("GUNICORN_NAME", "retain-web")


def child_exit(server: object, worker: object) -> None:
    """A worker that exits leaves its metric files; mark them dead so gauges drop it."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)  # type: ignore[attr-defined]
