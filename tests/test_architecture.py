"""The shape of the code, checked by reading it (``ast``), not by convention.

* Hand-written SQL lives in one fenced place, ``quizzes/study/fast/`` (and the SQLite backend in
  ``learning/sqlite/``): anywhere else, reads and writes of Retain's database go through the ORM
  (the .apkg reader queries the uploaded Anki file's own SQLite, not Retain's).
* The study domain's web pages and API views call its services and selectors; they query no
  model themselves.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCANNED = ("quizzes", "learning")
SQL_ALLOWED = ("quizzes/study/fast/", "learning/sqlite/")
# Not Retain's database: the .apkg reader queries the Anki package's own SQLite file, in memory.
FOREIGN_SQL = ("quizzes/interop/anki.py",)

# Calls that run SQL text (``connection.cursor()``, ``cursor.execute``, ``Model.objects.raw``,
# ``QuerySet.extra``) and names that hold it (``RawSQL``, ``RunSQL``).
_SQL_CALLS = frozenset({"cursor", "execute", "executemany", "executescript", "raw", "extra"})
_SQL_NAMES = frozenset({"RawSQL", "RunSQL"})
# A string that is an SQL statement (keywords in capitals, as SQL is written here).
_STATEMENT = re.compile(
    r"^\s*(SELECT\b.*\bFROM\b|INSERT\s+INTO\b|UPDATE\s+\S+\s+SET\b|DELETE\s+FROM\b)", re.DOTALL
)


def _text(node: ast.AST) -> str | None:
    """A string literal's text; an f-string's with ``{}`` for each value."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            part.value if isinstance(part, ast.Constant) else "{}" for part in node.values
        )
    return None


def sql_in(source: str) -> list[str]:
    """Where ``source`` runs or holds hand-written SQL, as ``line N: what``."""
    found = []
    tree = ast.parse(source)
    in_fstring = {id(part) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr)
                  for part in node.values}  # fmt: skip
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr in _SQL_CALLS:
                found.append(f"line {line}: .{node.func.attr}()")
        elif isinstance(node, ast.Name) and node.id in _SQL_NAMES:
            found.append(f"line {line}: {node.id}")
        elif isinstance(node, ast.Attribute) and node.attr in _SQL_NAMES:
            found.append(f"line {line}: {node.attr}")
        elif isinstance(node, ast.ImportFrom):
            found += [f"line {line}: import {a.name}" for a in node.names if a.name in _SQL_NAMES]
        elif id(node) not in in_fstring:
            text = _text(node)
            if text is not None and _STATEMENT.match(text):
                found.append(f"line {line}: {text.strip()[:40]!r}")
    return found


def _modules(*tops: str) -> list[Path]:
    return sorted(path for top in tops for path in (ROOT / top).rglob("*.py"))


def _relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_hand_written_sql_is_only_in_the_fast_path():
    outside = {
        _relative(path): found
        for path in _modules(*SCANNED)
        if not _relative(path).startswith(SQL_ALLOWED + FOREIGN_SQL)
        and (found := sql_in(path.read_text(encoding="utf-8")))
    }
    assert outside == {}, "SQL belongs in quizzes/study/fast/ (see its docstring)"


def test_the_fast_path_does_hold_the_sql():
    """The check above reads what it should: it finds the fast path's own statements."""
    fast = {_relative(p) for p in _modules("quizzes/study/fast") if sql_in(p.read_text())}
    assert {"quizzes/study/fast/review_sql.py", "quizzes/study/fast/next_cards_sql.py"} <= fast


@pytest.mark.parametrize(
    "source",
    [
        "from django.db import connection\nwith connection.cursor() as c:\n    pass\n",
        "rows = Card.objects.raw('select 1')\n",
        "Card.objects.extra(where=['1'])\n",
        "from django.db.models.expressions import RawSQL\n",
        "q = Card.objects.annotate(n=models.expressions.RawSQL('1', []))\n",
        'SQL = "SELECT id FROM quizzes_card"\n',
        'SQL = f"UPDATE {table} SET due = %s"\n',
        'SQL = """\n  DELETE FROM quizzes_review WHERE id = %s"""\n',
    ],
)
def test_the_sql_check_catches_each_form(source):
    assert sql_in(source)


def test_the_sql_check_lets_ordinary_code_be():
    source = (
        'message = "Select the cards from the deck."\n'
        "Card.objects.filter(pk=1).update(front='x')\n"
        "text = f'{n} cards selected from {deck}'\n"
    )
    assert sql_in(source) == []


def _model_queries(source: str) -> list[str]:
    return [
        f"line {node.lineno}: .objects"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Attribute) and node.attr == "objects"
    ]


def test_the_study_views_query_through_services_and_selectors():
    found = {
        _relative(path): queries
        for path in _modules("quizzes/study/web", "quizzes/study/api", "quizzes/study/fast")
        if (queries := _model_queries(path.read_text(encoding="utf-8")))
    }
    assert found == {}
