"""Settings for bench/study.py only: production settings (DEBUG off) served by gunicorn on
127.0.0.1, a database of the bench's own, and a URLconf that adds a trivial JSON view (the
baseline every figure is divided by). Nothing here is part of the product."""

import os

os.environ["DEBUG"] = "0"
os.environ.setdefault("SECRET_KEY", "bench-study-" + "k3y-0nly-f0r-th3-b3nch-0n-l00pback-" * 2)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
# The API's per-user throttle still counts every request (its cache read and write are part of
# what is measured) but never refuses one: the bench's two users make hundreds of requests a
# second, which no learner does, and at the default 1,200 a minute most answers were 429s.
os.environ.setdefault("API_RATE_USER", "1000000000/min")

from learning.settings import *  # noqa: F403

ROOT_URLCONF = "bench.study_urls"
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
# Tables straight from the models (the bench needs no migration history).
MIGRATION_MODULES = {"quizzes": None}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
if not os.environ["BENCH_STUDY_DB"].startswith("postgres"):  # else DATABASE_URL names it
    # The product's SQLite options (WAL, IMMEDIATE, CONN_MAX_AGE) on the bench's own file.
    DATABASES = {"default": {**DATABASES["default"], "NAME": os.environ["BENCH_STUDY_DB"]}}  # noqa: F405
