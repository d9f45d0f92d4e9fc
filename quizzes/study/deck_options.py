"""Deck options: the instructor's defaults, a student's overrides, and what FSRS is given.

Pure Python (no Django): services and selectors both merge options through here, so the page, the
API and a rebuild from the log schedule a card with the same settings.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import timedelta
from functools import lru_cache
from typing import Any

from quizzes.study.scheduling import SchedulerSettings

__all__ = ["OPTION_NAMES", "DeckOptions", "OptionError", "check_options", "parse_steps"]

MAX_STEPS = 10
MAX_STEP_MINUTES = 7 * 24 * 60  # a learning step longer than a week is a review interval
MAX_INTERVAL_DAYS = 36500


class OptionError(ValueError):
    """An option value a person must correct; ``field`` names the option."""

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class DeckOptions:
    """The options one learner studies a deck with (defaults merged with their overrides).

    Steps are minutes. Hashable, so the scheduler settings built from it are cached.
    """

    desired_retention: float = 0.90
    new_per_day: int = 20
    reviews_per_day: int = 200
    learning_steps: tuple[float, ...] = (1.0, 10.0)
    relearning_steps: tuple[float, ...] = (10.0,)
    maximum_interval: int = 36500
    leech_threshold: int = 8

    @classmethod
    def merged(
        cls, defaults: Mapping[str, object], overrides: Mapping[str, object] | None = None
    ) -> DeckOptions:
        """Options from a deck's defaults with a learner's (already checked) overrides on top.

        Unknown keys are ignored, so an override stored by an older version cannot break study.
        """
        # Stored JSON, checked when it was saved: the dataclass takes it as it is.
        values: dict[str, Any] = {name: defaults[name] for name in OPTION_NAMES if name in defaults}
        for name, value in (overrides or {}).items():
            if name in OPTION_NAMES and value is not None:
                values[name] = value
        for name in ("learning_steps", "relearning_steps"):
            if name in values:
                values[name] = tuple(float(step) for step in values[name])
        return cls(**values)

    def scheduler_settings(
        self, parameters: tuple[float, ...] | list[float] | None = None, *, fuzz: bool = True
    ) -> SchedulerSettings:
        """The FSRS settings for these options and the learner's fitted parameters (or the
        defaults). ``fuzz`` off gives plain FSRS intervals (tests, the golden vector)."""
        return _settings(self, tuple(parameters) if parameters else None, fuzz)


OPTION_NAMES = tuple(field.name for field in fields(DeckOptions))


@lru_cache(maxsize=256)
def _settings(
    options: DeckOptions, parameters: tuple[float, ...] | None, fuzz: bool
) -> SchedulerSettings:
    return SchedulerSettings(
        desired_retention=options.desired_retention,
        learning_steps=tuple(timedelta(minutes=m) for m in options.learning_steps),
        relearning_steps=tuple(timedelta(minutes=m) for m in options.relearning_steps),
        maximum_interval=options.maximum_interval,
        parameters=parameters,
        enable_fuzz=fuzz,
    )


_STEP = re.compile(r"^(\d+(?:\.\d+)?)\s*([smhd]?)$")
_UNIT_MINUTES = {"s": 1 / 60, "m": 1, "": 1, "h": 60, "d": 1440}


def parse_steps(text: str, *, field: str) -> list[float]:
    """Read steps written the Anki way ("1m 10m 1h", or bare minutes "1 10") into minutes."""
    steps = []
    for token in text.replace(",", " ").split():
        match = _STEP.match(token.strip().lower())
        if match is None:
            raise OptionError(
                f"Write steps as durations such as “1m 10m 1h”; “{token}” is not one.", field=field
            )
        steps.append(round(float(match.group(1)) * _UNIT_MINUTES[match.group(2)], 4))
    return steps


def _number(value: object, field: str, label: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise OptionError(f"{label} must be a number.", field=field)
    return float(value)


def _whole(value: object, field: str, label: str, low: int, high: int) -> int:
    number = _number(value, field, label)
    if number != int(number) or not low <= number <= high:
        raise OptionError(f"{label} must be a whole number from {low} to {high:,}.", field=field)
    return int(number)


def _steps(value: object, field: str, label: str) -> list[float]:
    if isinstance(value, str):
        value = parse_steps(value, field=field)
    if not isinstance(value, list | tuple):
        raise OptionError(f"{label} must be a list of minutes, e.g. [1, 10].", field=field)
    if len(value) > MAX_STEPS:
        raise OptionError(f"{label}: at most {MAX_STEPS} steps.", field=field)
    steps = [_number(step, field, label) for step in value]
    if any(not 0 < step <= MAX_STEP_MINUTES for step in steps):
        raise OptionError(
            f"{label}: each step must be longer than 0 and at most 7 days.", field=field
        )
    return steps


def check_options(values: Mapping[str, object]) -> dict[str, object]:
    """Check and normalise option values (any subset); ``None`` is kept (it clears an override).

    Returns the values normalised (steps as lists of minutes, whole numbers as ``int``). Raises
    ``OptionError`` naming the first bad option, with a message a person can act on.
    """
    out: dict[str, object] = {}
    for name, value in values.items():
        if name not in OPTION_NAMES:
            raise OptionError(f"There is no deck option called “{name}”.", field=name)
        if value is None:
            out[name] = None
        elif name == "desired_retention":
            retention = _number(value, name, "Desired retention")
            if not 0.70 <= retention <= 0.97:
                raise OptionError(
                    "Desired retention must be between 0.70 and 0.97 (70% to 97%).", field=name
                )
            out[name] = round(retention, 4)
        elif name == "new_per_day":
            out[name] = _whole(value, name, "New cards per day", 0, 9999)
        elif name == "reviews_per_day":
            out[name] = _whole(value, name, "Maximum reviews per day", 0, 99999)
        elif name == "maximum_interval":
            out[name] = _whole(value, name, "Maximum interval", 1, MAX_INTERVAL_DAYS)
        elif name == "leech_threshold":
            out[name] = _whole(value, name, "Leech threshold", 1, 99)
        else:
            label = "Learning steps" if name == "learning_steps" else "Relearning steps"
            out[name] = _steps(value, name, label)
    return out
