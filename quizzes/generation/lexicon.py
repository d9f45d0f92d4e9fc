"""A small built-in lexicon of closed sets, for distractors the article itself cannot give.

Closed sets only (continents, oceans, months, days, seasons, planets, compass points): for
each, every member is a fair wrong answer for another and none is a synonym of another. Open
classes (people, cities, common nouns) come from the article; no lexical database ships in a
wheel we can depend on (see docs/generation.md, "Known limits").
"""

from __future__ import annotations

CLOSED_SETS: dict[str, tuple[str, ...]] = {
    "continent": ("Africa", "Antarctica", "Asia", "Australia", "Europe", "North America",
                  "South America"),
    "ocean": ("Arctic Ocean", "Atlantic Ocean", "Indian Ocean", "Pacific Ocean",
              "Southern Ocean"),
    "month": ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December"),
    "day": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "season": ("spring", "summer", "autumn", "winter"),
    "planet": ("Mercury", "Venus", "Earth", "Mars", "Jupiter", "Saturn", "Uranus", "Neptune"),
    "direction": ("north", "south", "east", "west"),
}  # fmt: skip
_SET_OF = {member.lower(): name for name, members in CLOSED_SETS.items() for member in members}


def closed_set(text: str) -> str | None:
    """The closed set ``text`` belongs to ("Europe" → "continent"), or None."""
    return _SET_OF.get(text.strip().lower())


def siblings(text: str) -> list[str]:
    """The other members of ``text``'s closed set, nearest first where the set is ordered."""
    name = closed_set(text)
    if name is None:
        return []
    members = CLOSED_SETS[name]
    index = next(i for i, m in enumerate(members) if m.lower() == text.strip().lower())
    order = list(range(len(members)))
    if name in ("month", "day", "planet"):  # ordered sets: the nearest members first
        order.sort(key=lambda i: (abs(i - index), i))
    return [members[i] for i in order if i != index]
