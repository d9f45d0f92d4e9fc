"""True/false statements are not nearly all true: a student who always answers "True" must not
pass. About half of the kept statements that have a safe false twin (one swap of a person, date
or number from the article) are put in their false form, and true statements the false ones
cannot balance are dropped, on the bundled article and on articles never tuned on."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizzes.generation.pipeline import generate
from quizzes.generation.types import Generation

from .conftest import ARTICLES, SAMPLE

TEXTS = [SAMPLE, *sorted((ARTICLES / "held-out").glob("*.txt"))]


@pytest.fixture(scope="module", params=TEXTS, ids=lambda path: path.stem)
def generation(request: pytest.FixtureRequest) -> Generation:
    path: Path = request.param
    return generate(path.read_text(encoding="utf-8"))


def test_true_and_false_statements_are_balanced(generation: Generation) -> None:
    judged = [item for item in generation.items if item.type == "true_false"]
    true = sum(item.answer == "True" for item in judged)
    assert all(item.answer in ("True", "False") for item in judged)
    if len(judged) >= 6:
        assert 0.3 <= true / len(judged) <= 0.7, (true, len(judged))
    else:
        assert true <= 3  # a few statements alone, and never a long run of "True"


def test_a_false_statement_is_one_named_swap_of_its_claim(generation: Generation) -> None:
    for item in generation.items:
        if item.type != "true_false" or item.answer != "False":
            continue
        assert item.edit is not None
        assert item.edit[0] == "swap"
        _, original, replacement = item.edit
        assert original != replacement
        assert f"The statement changed “{original}” to “{replacement}”." in item.explanation
        assert original in item.tests.text  # the claim as written has the original …
        assert replacement in item.prompt
        assert item.generator == "true_false.edited"
        assert item.explanation.startswith("False. ")


def test_the_false_twin_keeps_its_claim_s_place_and_score(generation: Generation) -> None:
    # The keep model ranked the claim; its false twin takes its place, not a new one.
    for item in generation.items:
        if item.answer == "False":
            assert dict(item.features).get("falsified") == 1.0
            assert item.score > 0


def test_the_same_statements_are_false_on_every_run() -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    runs = [
        [(item.prompt, item.answer) for item in generate(text).items if item.type == "true_false"]
        for _ in range(2)
    ]
    assert runs[0] == runs[1]
