"""``manage.py generate``: the engine on a file, as a report or one JSON document, no database."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from quizzes.sources.samples import SAMPLE_ARTICLE


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("generate", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def sample_json() -> dict:
    return json.loads(run(str(SAMPLE_ARTICLE["path"]), "--json"))


def test_json_output_has_the_documented_shape(sample_json):
    assert set(sample_json) == {"source", "terms", "claims", "items", "rejected", "timings_ms"}
    assert sample_json["source"]["words"] > 1000
    term = sample_json["terms"][0]
    assert set(term) >= {"text", "kind", "aliases", "definition", "score", "evidence"}
    assert set(term["evidence"]) == {"start", "end", "text"}
    item = sample_json["items"][0]
    assert set(item) >= {
        "type",
        "prompt",
        "answer",
        "choices",
        "accepted",
        "explanation",
        "tests",
        "score",
        "evidence",
    }
    assert {i["type"] for i in sample_json["items"]} == {
        "mcq",
        "true_false",
        "cloze",
        "short_answer",
        "flashcard",
    }
    assert all(set(r) == {"type", "prompt", "reasons"} for r in sample_json["rejected"])


def test_the_report_and_explain_view(sample_json):
    report = run(str(SAMPLE_ARTICLE["path"]), "--explain")
    assert "Key terms" in report
    assert "Key claims" in report
    assert any(reason in report for r in sample_json["rejected"] for reason in r["reasons"])


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        run(str(tmp_path / "nope.txt"))


def test_an_empty_file_is_a_clear_error(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n")
    with pytest.raises(CommandError):
        run(str(empty))


def test_a_non_utf8_file_is_a_clear_error(tmp_path):
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Café society ".encode("latin-1") * 20)
    with pytest.raises(CommandError, match="not UTF-8"):
        run(str(latin))
