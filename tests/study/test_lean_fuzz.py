"""The lean study endpoints (next cards, the review POST: ``study/fast/views.py``) fed hostile
input by Hypothesis (#18): deep nesting, huge integers, NUL, wrong types, unknown ids, dates out
of range, as one review, a batch, or garbage. Whatever comes in, the answer is a 2xx or a 4xx in
JSON — never a server error — on the lean path and on DRF's (``?format=json``) alike.

Schemathesis (``tests/test_api_fuzz.py``) covers them from the OpenAPI schema; this test sends
what a schema does not describe. Bounded: ``RETAIN_LEAN_FUZZ_EXAMPLES`` examples per test
(default 60), derandomised."""

from __future__ import annotations

import json
import os
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

EXAMPLES = int(os.environ.get("RETAIN_LEAN_FUZZ_EXAMPLES", "60"))
fuzz = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
PATHS = ("/api/v1/reviews/", "/api/v1/reviews/?format=json")

huge = st.sampled_from([2**31, 2**63 - 1, 2**63, 2**64, -(2**63) - 1, 10**40])
nul_text = st.text(min_size=0, max_size=8).map(lambda t: t + "\x00")
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    huge,
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
    nul_text,
)
json_values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.text(max_size=6), children, max_size=4),
    ),
    max_leaves=12,
)
stamps = st.one_of(
    st.sampled_from(
        [
            "0001-01-01T00:00:00+01:00",
            "0001-01-01T00:00:00Z",
            "9999-12-31T23:59:59-23:59",
            "1970-01-01T00:00:00Z",
            "2026-13-45T99:99:99Z",
            "2026-02-02T12:00:00",  # no offset
            "",
        ]
    ),
    st.datetimes(timezones=st.timezones()).map(lambda d: d.isoformat()),
    scalars,
)


def nested(depth: int, leaf: str = "1") -> str:
    return "[" * depth + leaf + "]" * depth


def review_bodies(card_ids: list[int], deck_ids: list[int]) -> st.SearchStrategy:
    """A review object with each field either right or hostile."""
    ids = st.one_of(st.sampled_from(card_ids), huge, scalars, st.integers(-5, 10**6))
    decks = st.one_of(st.sampled_from(deck_ids), huge, scalars)
    return st.fixed_dictionaries(
        {
            "id": st.one_of(st.uuids().map(str), scalars),
            "card": ids,
            "rating": st.one_of(st.integers(0, 5), huge, scalars),
            "reviewed_at": stamps,
        },
        optional={"duration_ms": st.one_of(st.integers(), huge, scalars), "deck": decks},
    )


def raw_bodies(card_ids: list[int], deck_ids: list[int]) -> st.SearchStrategy:
    one = review_bodies(card_ids, deck_ids)
    return st.one_of(
        one.map(json.dumps),
        st.lists(st.one_of(one, json_values), max_size=6).map(json.dumps),
        json_values.map(json.dumps),
        st.integers(20, 5000).map(nested),
        st.integers(20, 5000).map(lambda n: '{"a":' * n + "1" + "}" * n),
        one.map(lambda b: json.dumps(b).replace("}", ', "x": "\\u0000"}', 1)),
        st.sampled_from(["NaN", '{"card": Infinity}', "", "{", "\x00", '"' + "a" * 1000 + '"']),
        st.binary(max_size=40).map(lambda b: b.decode("latin-1")),
    )


def assert_answered(response) -> None:
    assert response.status_code < 500, response.content[:500]
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    assert isinstance(response.json(), dict | list)


@pytest.fixture
def world(enrolled, approved_cards, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"user": None, "anon": None, "auth-token": None},
    }
    return [c.pk for c in approved_cards], [enrolled.pk]


@pytest.mark.parametrize("path", PATHS)
def test_the_review_post_answers_any_body_without_a_server_error(api_as, student, world, path):
    api = api_as(student)
    card_ids, deck_ids = world

    @fuzz
    @given(raw=raw_bodies(card_ids, deck_ids))
    def post(raw):
        assert_answered(
            api.post(path, raw.encode("utf-8", "surrogatepass"), content_type="application/json")
        )

    post()


def test_a_batch_of_hostile_reviews_answers_each_one(api_as, student, world):
    api = api_as(student)
    card_ids, deck_ids = world

    @fuzz
    @given(batch=st.lists(review_bodies(card_ids, deck_ids), min_size=1, max_size=8))
    def post(batch):
        response = api.post(PATHS[0], batch, format="json")
        assert_answered(response)
        if response.status_code == 400:  # the body as a whole: a NUL somewhere in it
            assert "NUL" in response.json()["detail"]
            return
        assert response.status_code == 200
        results = response.json()["results"]
        assert len(results) == len(batch)
        assert all(r["status"] < 500 for r in results)

    post()


queries = st.one_of(
    st.integers(-10, 200).map(str),
    huge.map(str),
    st.sampled_from(["", "²", "1e3", "0x10", " 5", "5 ", "-1", "1,2", "\x00", "%00"]),
    st.text(max_size=10),
)
excludes = st.one_of(
    st.lists(st.one_of(st.integers(0, 10**6), huge), max_size=6).map(
        lambda ids: ",".join(map(str, ids))
    ),
    st.integers(0, 2000).map(lambda n: ",".join(["1"] * n)),
    st.text(max_size=12),
)


@pytest.mark.parametrize("suffix", ["", "&format=json"])
def test_next_cards_answers_any_query_without_a_server_error(api_as, student, world, suffix):
    from urllib.parse import quote

    api = api_as(student)
    deck_ids = world[1]
    decks = st.one_of(
        st.sampled_from(deck_ids), st.integers(1, 10**6), huge.filter(lambda n: n > 0)
    )

    @fuzz
    @given(deck=decks, limit=queries, exclude=excludes)
    def get(deck, limit, exclude):
        url = f"/api/v1/decks/{deck}/study/?limit={quote(limit)}&exclude={quote(exclude)}{suffix}"
        response = api.get(url)
        assert response.status_code < 500, (url, response.content[:300])

    get()


def test_unknown_review_ids_and_decks_are_4xx_never_stored(api_as, student, world):
    """Hostile ids never reach the database: nothing is stored under a deck or card that is not
    the learner's."""
    from quizzes.models import Review

    api = api_as(student)

    @fuzz
    @given(
        card=st.one_of(st.integers(10**6, 10**7), huge),
        deck=st.one_of(st.integers(10**6, 10**7), huge),
    )
    def post(card, deck):
        body = {
            "id": str(uuid.uuid4()),
            "card": card,
            "rating": 3,
            "reviewed_at": "2026-02-02T12:00:00Z",
            "deck": deck,
        }
        response = api.post(PATHS[0], body, format="json")
        assert 400 <= response.status_code < 500
        assert not Review.objects.filter(pk=body["id"]).exists()

    post()
