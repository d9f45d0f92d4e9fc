"""What every hand-written statement of the fast path is built from, derived from the models and
from the study rules, so no column list, table name or rule is written out by hand twice.

* ``columns(alias, Model, names)`` is a SELECT list read from a model's fields (all its concrete
  fields by default): the SQL, the name each value is read as, and how to load each value as the
  ORM would (by the field's type: SQLite hands back datetimes as text, booleans as 0/1, JSON as
  text and UUIDs as hex). A field added to ``Deck`` or ``CardSchedule`` is read with no change
  here.
* ``membership`` and ``deck_access`` are the rules of ``quizzes.study.access`` (who may study a
  deck; a schedule counts while its learner is in the card's course) as SQL conditions: the same
  table ``selectors.decks.decks_for`` filters with.

Statements are built once, at import or per shape (``functools.lru_cache``), never per request.
Values are always parameters, named ones: Django's SQLite cursor rewrites ``%s`` placeholders with
a regular expression that cost ~50 µs on the long next-cards statement, while ``%(name)s`` ones
are a plain string format.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from django.db import models

from quizzes.models import Deck, Membership
from quizzes.study.access import DECK_ACCESS
from quizzes.study.fast.values import aware_datetime, json_value

Loader = Callable[[Any], Any]


def _uuid(value: Any) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def _date(value: Any) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value


def loader(field: models.Field) -> Loader | None:
    """How to read the field's column as the ORM would give it; None when the driver's value is
    already that (numbers, text)."""
    if isinstance(field, models.DateTimeField):
        return aware_datetime
    if isinstance(field, models.DateField):
        return _date
    if isinstance(field, models.BooleanField):
        return bool
    if isinstance(field, models.JSONField):
        return json_value
    if isinstance(field, models.UUIDField):
        return _uuid
    return None


def table(model: type[models.Model]) -> str:
    return model._meta.db_table


def column(model: type[models.Model], name: str) -> str:
    """The column of the model's field ``name`` (its name or attname: ``user``, ``user_id``)."""
    return str(field(model, name).column)


@dataclass(frozen=True)
class Select:
    """Expressions of a SELECT list with the name each value is read as and its loader."""

    expressions: tuple[str, ...]
    names: tuple[str, ...]
    loaders: tuple[Loader | None, ...]

    def __add__(self, other: Select) -> Select:
        return Select(
            self.expressions + other.expressions,
            self.names + other.names,
            self.loaders + other.loaders,
        )

    def __len__(self) -> int:
        return len(self.names)

    @property
    def sql(self) -> str:
        return ", ".join(self.expressions)

    def load(self, values: Sequence[Any]) -> list[Any]:
        """The values of a row (this list's part of it) as the ORM would give them."""
        loaded = list(values)
        for i, load in self._converted:  # only the columns that need it: this runs per row
            value = loaded[i]
            if value is not None:
                loaded[i] = load(value)
        return loaded

    @cached_property
    def _converted(self) -> tuple[tuple[int, Loader], ...]:
        return tuple((i, load) for i, load in enumerate(self.loaders) if load is not None)


def columns(
    alias: str,
    model: type[models.Model],
    names: Iterable[str] | None = None,
    *,
    named: bool = False,
    prefix: str = "",
) -> Select:
    """``alias.column`` for the model's fields ``names`` (attnames; by default every concrete
    field), read as ``prefix + name``. ``named`` writes ``AS prefix + name`` too, so a UNION can
    be ordered by those names."""
    meta = model._meta
    fields = list(meta.concrete_fields) if names is None else [field(model, name) for name in names]
    read_as = tuple(prefix + f.attname for f in fields)
    expressions = tuple(
        f"{alias}.{f.column}" + (f" AS {name}" if named else "")
        for f, name in zip(fields, read_as, strict=True)
    )
    return Select(expressions, read_as, tuple(loader(f) for f in fields))


def field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    """The model's concrete field ``name`` (its name or attname)."""
    for found in model._meta.concrete_fields:
        if name in (found.attname, found.name):
            return found
    raise LookupError(f"{model.__name__} has no column {name!r}")


def expression(sql: str, name: str, load: Loader | None = None) -> Select:
    """A computed value of a SELECT list (``sql AS name``)."""
    return Select((f"{sql} AS {name}",), (name,), (load,))


# --- The study rules as SQL conditions (quizzes.study.access) ---------------------------------


def membership(alias: str, *, user: str, course: str) -> str:
    """The condition that the membership row ``alias`` is ``user``'s in ``course`` (both SQL
    expressions): being a member of a course."""
    return (
        f"{alias}.{column(Membership, 'user_id')} = {user} "
        f"AND {alias}.{column(Membership, 'course_id')} = {course}"
    )


def is_member(*, user: str, course: str, alias: str = "m") -> str:
    """``EXISTS`` a membership of ``user`` in ``course`` (SQL expressions)."""
    condition = membership(alias, user=user, course=course)
    return f"EXISTS (SELECT 1 FROM {table(Membership)} {alias} WHERE {condition})"  # noqa: S608


def deck_access(member: str, deck: str) -> str:
    """``access.DECK_ACCESS`` as a condition on a membership row ``member`` (the user's in the
    deck's course) and a deck row ``deck``; its values are ``DECK_ACCESS_PARAMS``."""
    role = f"{member}.{column(Membership, 'role')}"
    cases = []
    for n, conditions in enumerate(DECK_ACCESS.values()):
        terms = [f"{role} = %(access_{n})s"] + [
            f"{deck}.{column(Deck, name)} = %(access_{n}_{name})s" for name in conditions
        ]
        cases.append("(" + " AND ".join(terms) + ")")
    return "(" + " OR ".join(cases) + ")"


def _deck_access_params() -> dict[str, Any]:
    # Column values (``DECK_ACCESS`` holds them as objects), which the driver adapts.
    params: dict[str, Any] = {}
    for n, (role, conditions) in enumerate(DECK_ACCESS.items()):
        params[f"access_{n}"] = str(role)
        params.update((f"access_{n}_{name}", value) for name, value in conditions.items())
    return params


DECK_ACCESS_PARAMS = _deck_access_params()
