"""Who may study what, stated once for the two ways Retain reads it.

* **A deck** may be studied by a member of its course whose role lets them (``DECK_ACCESS``): an
  instructor every deck of the courses they teach, a student the published decks of theirs.
  Anyone else gets 404, never 403.
* **A learner's schedule** counts while the learner is a member of the card's course (left the
  course: their reviews are refused as for any card they do not study).

``selectors.decks.decks_for`` filters with ``deck_access_q()``; the hand-written SQL of the study
hot path renders the same table into its WHERE clauses (``fast.sql.deck_access``,
``fast.sql.is_member``). ``tests/study/test_access.py`` checks that the two agree for every role
and publication, so a rule changed here changes both.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping
from functools import reduce
from types import MappingProxyType

from django.db.models import Q

from quizzes.models import Role

# Role in the deck's course → the values the deck must have for that role to study it.
DECK_ACCESS: Mapping[str, Mapping[str, object]] = MappingProxyType(
    {
        Role.INSTRUCTOR: {},  # every deck of the courses they teach
        Role.STUDENT: {"published": True},  # the published decks of their courses
    }
)


def deck_access_q(role: str = "role") -> Q:
    """``DECK_ACCESS`` as a filter on decks annotated with the user's ``role`` in their course."""
    return reduce(
        operator.or_,
        (Q(**{role: name}, **conditions) for name, conditions in DECK_ACCESS.items()),
    )
