"""What a client may send: bounded ids and numbers, JSON of bounded depth, text without NUL.

Plain Python, no Django: the one place these limits are written down. Each channel turns a
violation into its own 4xx (``core.api`` for the API, the URL converter and the forms for pages),
so no out-of-range number reaches the database (SQLite's driver raises ``OverflowError`` past
64 bits, PostgreSQL ``DataError`` past a column's range) and no NUL reaches PostgreSQL, which
refuses it in text and in ``jsonb``.
"""

from __future__ import annotations

import json
from typing import Any

# A row id: a 64-bit signed primary key (BigAutoField) is at most this.
ID_MAX = 2**63 - 1
# A count, position, sequence number or size a client sends: a 32-bit signed integer, the
# smallest integer column either database has for them.
INT_MAX = 2**31 - 1
# At most this many ids in one list (bulk actions, filters); a longer list is refused before work.
ID_LIST_MAX = 1000
# How deep a JSON body may nest. The deepest body any endpoint takes is 4 levels (a bank item's
# choices); Python's parser and every recursive walk after it fail somewhere near 1,000.
JSON_MAX_DEPTH = 32

NUL = "\x00"


class InputError(ValueError):
    """Input outside these bounds. A ``ValueError``, so code that already treats a malformed
    value as bad input (``int()``, ``json.loads``) treats this one the same way."""


def parse_int(text: object, *, minimum: int = 0, maximum: int = INT_MAX) -> int | None:
    """The integer written in ``text`` (ASCII decimal digits only: no sign, no spaces, none of
    the other characters ``str.isdigit`` takes, such as "²") if it lies in
    [``minimum``, ``maximum``], else None. An int is taken as it is, a bool never."""
    if isinstance(text, bool):
        return None
    if isinstance(text, int):
        value = text
    elif isinstance(text, str) and text.isascii() and text.isdigit() and len(text) <= 19:
        value = int(text)
    else:
        return None
    return value if minimum <= value <= maximum else None


def parse_id(text: object) -> int | None:
    """The id written in ``text`` (decimal digits only, 1 to ``ID_MAX``), else None."""
    return parse_int(text, minimum=1, maximum=ID_MAX)


def check_json(value: Any, *, max_depth: int = JSON_MAX_DEPTH) -> Any:
    """Return ``value`` (parsed JSON) if it nests at most ``max_depth`` levels and no string in it
    (key or value) holds a NUL character; raise ``InputError`` otherwise.

    Iterative, so a deep value cannot exhaust the stack here either.
    """
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            if NUL in item:
                raise InputError("Text may not contain NUL (\\u0000) characters.")
        elif isinstance(item, dict | list):
            if depth > max_depth:
                raise InputError(f"JSON nested deeper than {max_depth} levels.")
            if isinstance(item, dict):
                for key, child in item.items():
                    if NUL in key:
                        raise InputError("Text may not contain NUL (\\u0000) characters.")
                    stack.append((child, depth + 1))
            else:
                stack.extend((child, depth + 1) for child in item)
    return value


def loads_checked(raw: bytes | str, *, max_depth: int = JSON_MAX_DEPTH) -> Any:
    """``json.loads`` for a request body, then ``check_json``: a body nested so deep that the
    parser itself gives up (``RecursionError``) is an ``InputError`` too. Every failure is a
    ``ValueError`` (the lean views already answer those with a 400)."""
    try:
        value = json.loads(raw, parse_constant=_refuse_constant)
    except RecursionError:
        raise InputError(f"JSON nested deeper than {max_depth} levels.") from None
    return check_json(value, max_depth=max_depth)


def _refuse_constant(name: str) -> Any:
    raise InputError(f"{name} is not a JSON number.")


def has_nul(*values: object) -> bool:
    """Whether any of the strings (or strings in lists of them) holds a NUL character."""
    for value in values:
        if isinstance(value, str) and NUL in value:
            return True
        if isinstance(value, list | tuple) and has_nul(*value):
            return True
    return False
