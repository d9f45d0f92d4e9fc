"""Test settings: the real settings with the few differences tests need."""

import os

os.environ.setdefault("DEBUG", "1")

from learning.settings import *  # noqa: F403

# Jobs run at once, in the request's thread, so a test sees their effect.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
# Password hashing at full strength costs ~0.3 s per login; tests do not need it.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SECURE_SSL_REDIRECT = False

# Two test runs at once (say CI and a developer) must not share a test database.
if _test_name := os.environ.get("RETAIN_TEST_DB"):
    DATABASES["default"]["TEST"] = {"NAME": _test_name}  # noqa: F405
