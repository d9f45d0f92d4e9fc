"""Reading the whole test database, to prove that something changed nothing in it."""

from __future__ import annotations

from django.db import connection


def every_row() -> dict[str, list[tuple]]:
    """Every row of every table (sessions included), in a stable order."""
    rows: dict[str, list[tuple]] = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            name = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {name}")  # noqa: S608 - names from introspection
            rows[table] = sorted(cursor.fetchall(), key=repr)
    return rows
