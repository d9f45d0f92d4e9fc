"""Backups of the database, with the engine's own tools: SQLite's online backup (a consistent copy
while the site runs) and PostgreSQL's ``pg_dump --format=custom`` / ``pg_restore``. Used by
``manage.py backup`` and ``manage.py restore``; docs/operations.md has the commands."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.db import connections


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise FileNotFoundError(f"{name} is not installed (Debian: postgresql-client).")
    return found


def _postgres_args(settings: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    args = [
        "--host",
        settings.get("HOST") or "127.0.0.1",
        "--port",
        str(settings.get("PORT") or 5432),
    ]
    if settings.get("USER"):
        args += ["--username", settings["USER"]]
    env = {**os.environ}
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = settings["PASSWORD"]
    return args, env


def backup(path: Path, *, alias: str = "default") -> str:
    """Write a consistent copy of the database to ``path``; says how."""
    connection = connections[alias]
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        source = sqlite3.connect(settings["NAME"])
        target = sqlite3.connect(path)
        try:
            with target:
                source.backup(target)  # page by page; writers wait only for each step
        finally:
            target.close()
            source.close()
        return "sqlite online backup"
    if connection.vendor == "postgresql":
        args, env = _postgres_args(settings)
        subprocess.run(  # noqa: S603 (a list of arguments from settings, no shell)
            [
                _tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                *args,
                "--file",
                str(path),
                settings["NAME"],
            ],
            check=True,
            env=env,
        )
        return "pg_dump --format=custom"
    raise ValueError(f"No backup for the {connection.vendor} database engine.")


def restore(path: Path, *, alias: str = "default") -> str:
    """Replace the database's content with the backup at ``path``; says how."""
    connection = connections[alias]
    settings = connection.settings_dict
    connection.close()
    if connection.vendor == "sqlite":
        source = sqlite3.connect(path)
        target = sqlite3.connect(settings["NAME"])
        try:
            with target:
                source.backup(target)
        finally:
            target.close()
            source.close()
        return "sqlite backup copied in"
    if connection.vendor == "postgresql":
        args, env = _postgres_args(settings)
        subprocess.run(  # noqa: S603 (a list of arguments from settings, no shell)
            [
                _tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--exit-on-error",
                "--single-transaction",
                *args,
                "--dbname",
                settings["NAME"],
                str(path),
            ],
            check=True,
            env=env,
        )
        return "pg_restore"
    raise ValueError(f"No restore for the {connection.vendor} database engine.")
