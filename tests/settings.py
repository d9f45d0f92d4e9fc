"""Test settings: the real settings with the few differences tests need."""

import os

os.environ.setdefault("DEBUG", "1")

from learning.settings import *  # noqa: F403

# Jobs run at once, in the request's thread, so a test sees their effect.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
# Password hashing at full strength costs ~0.3 s per login; tests do not need it.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SECURE_SSL_REDIRECT = False
