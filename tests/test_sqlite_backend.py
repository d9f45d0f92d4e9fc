"""The SQLite backend (``learning.sqlite``) queues write transactions on a file lock."""

from __future__ import annotations

import fcntl
import os
import threading

import pytest
from django.db import connection, connections, transaction

from quizzes.models import Tag

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "sqlite", reason="the file lock is SQLite's backend only"
    ),
]


def lock_is_free(path: str) -> bool:
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return True
    finally:
        os.close(fd)


@pytest.fixture
def lock_path() -> str:
    connection.ensure_connection()
    return connection._write_lock_path()


def test_a_transaction_holds_the_lock_until_it_commits(lock_path, course):
    assert lock_is_free(lock_path)
    with transaction.atomic():
        Tag.objects.create(course=course, name="held")
        assert not lock_is_free(lock_path)
    assert lock_is_free(lock_path)
    assert Tag.objects.filter(name="held").exists()


def test_a_rolled_back_transaction_releases_the_lock(lock_path, course):
    def fail_half_way() -> None:
        with transaction.atomic():
            Tag.objects.create(course=course, name="gone")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        fail_half_way()
    assert lock_is_free(lock_path)
    assert not Tag.objects.filter(name="gone").exists()


def test_a_second_writer_waits_for_the_first_then_goes_on(lock_path, course):
    order: list[str] = []
    first_in, first_may_commit = threading.Event(), threading.Event()

    def first() -> None:
        try:
            with transaction.atomic():
                Tag.objects.create(course=course, name="first")
                order.append("first began")
                first_in.set()
                first_may_commit.wait(10)
                order.append("first commits")
        finally:
            connections.close_all()

    def second() -> None:
        try:
            first_in.wait(10)
            with transaction.atomic():
                order.append("second began")
                Tag.objects.create(course=course, name="second")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    first_in.wait(10)
    assert not lock_is_free(lock_path)
    first_may_commit.set()
    for thread in threads:
        thread.join(20)
    assert order == ["first began", "first commits", "second began"]
    assert set(Tag.objects.values_list("name", flat=True)) >= {"first", "second"}


def test_a_lock_held_past_the_timeout_leaves_the_decision_to_sqlite(lock_path, course):
    # Something else holds the file lock but not SQLite's: after the timeout the transaction
    # goes ahead (SQLite alone decides whether the database is busy).
    options = connection.settings_dict["OPTIONS"]
    saved = options.get("timeout")
    fd = os.open(lock_path, os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX)
    options["timeout"] = 0.05
    try:
        with transaction.atomic():
            Tag.objects.create(course=course, name="went ahead")
    finally:
        options["timeout"] = saved
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
    assert Tag.objects.filter(name="went ahead").exists()
