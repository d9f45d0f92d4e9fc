"""Django's SQLite backend, with write transactions queued on a file lock.

SQLite lets one writer in at a time. A second process that finds the write lock taken sleeps in
SQLite's busy handler for 1, 2, 5, 10… ms before it looks again, so with several gunicorn workers
most of a short write transaction's cost was spent asleep (bench/study.py: two workers recorded
no more reviews per second than one). Here each transaction that takes the write lock at BEGIN
(IMMEDIATE or EXCLUSIVE, the project's setting) first takes an exclusive ``flock`` on a file next
to the database; a waiter tries it again every 20 µs, backing off to 0.5 ms once it has waited
5 ms (a blocking ``flock`` would wake sooner but could not give up after the timeout).

The file lock only orders writers; SQLite's own lock still guards the data. A wait is bounded by
the database's ``timeout``: past it, BEGIN goes ahead and SQLite answers "database is locked" as
it would have. A process that dies holding the lock loses it with its file descriptor.
"""

from __future__ import annotations

import fcntl
import os
import time

from django.db.backends.sqlite3 import base

# Polling a held lock: short naps while a write transaction (well under a millisecond) is likely
# to end, longer ones after that, never the milliseconds SQLite's busy handler sleeps.
_FIRST_NAP = 0.00002
_LONGEST_NAP = 0.0005
_BACK_OFF_AFTER = 0.005


class DatabaseWrapper(base.DatabaseWrapper):
    _lock_fd: int | None = None
    _lock_held = False

    def _write_lock_path(self) -> str | None:
        mode = self.transaction_mode  # type: ignore[attr-defined]  # not in django-stubs 6.1
        if mode not in ("IMMEDIATE", "EXCLUSIVE") or self.is_in_memory_db():
            return None
        return f"{self.settings_dict['NAME']}.write-lock"

    def _acquire_write_lock(self) -> None:
        if self._lock_fd is None:
            path = self._write_lock_path()
            if path is None:
                return
            self._lock_fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        lock_fd = self._lock_fd
        timeout = float(self.settings_dict["OPTIONS"].get("timeout", 5))
        started = time.monotonic()
        deadline = started + timeout
        nap = _FIRST_NAP
        while True:
            try:
                fcntl.flock(lock_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    return  # let SQLite's busy timeout decide
                time.sleep(nap)
                if time.monotonic() > started + _BACK_OFF_AFTER:
                    nap = min(nap * 2, _LONGEST_NAP)
            else:
                self._lock_held = True
                return

    def _release_write_lock(self) -> None:
        if self._lock_held and self._lock_fd is not None:
            self._lock_held = False
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)

    # Django's private hooks at the transaction boundaries (absent from django-stubs, hence the ignores).
    def _start_transaction_under_autocommit(self) -> None:
        self._acquire_write_lock()
        try:
            super()._start_transaction_under_autocommit()  # type: ignore[misc]  # private, not in django-stubs
        except BaseException:
            self._release_write_lock()
            raise

    def _commit(self) -> None:
        try:
            super()._commit()  # type: ignore[misc]  # private, not in django-stubs
        finally:
            self._release_write_lock()

    def _rollback(self) -> None:
        try:
            super()._rollback()  # type: ignore[misc]  # private, not in django-stubs
        finally:
            self._release_write_lock()

    def _close(self) -> None:
        try:
            super()._close()  # type: ignore[misc]  # private, not in django-stubs
        finally:
            self._release_write_lock()
            if self._lock_fd is not None:
                os.close(self._lock_fd)
                self._lock_fd = None
