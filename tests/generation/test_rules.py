"""Item rules on small, real-looking texts (none of them the bundled article's strings).

Each test names the rule it pins: places swapped like for like, the form a name is offered in,
informative blanks, distractor shapes, negation next to an aside, and long sentences.
"""

from __future__ import annotations

import pytest

from quizzes.generation.centrality import sentence_centrality
from quizzes.generation.claims import extract_claims, find_enumerations
from quizzes.generation.clean import clean_text
from quizzes.generation.distractors import DistractorPool, family, head_shape
from quizzes.generation.items.context import ItemContext
from quizzes.generation.items.true_false import negate
from quizzes.generation.nlp import analyse
from quizzes.generation.pipeline import generate
from quizzes.generation.terms import extract_terms
from quizzes.generation.types import Span

TRADE = """Trade talks between Canada and Mexico resumed on Monday after a pause of two months.

Canada has long argued that tariffs on steel hurt both economies. Mexico wants a quick agreement \
before its elections next year. Canada's trade minister said that a deal was close, and Mexico's \
negotiators agreed.

The negotiators met in Geneva for three days. The previous round of talks in Geneva ended without \
an agreement. Officials who spoke in Geneva described the latest talks as constructive.

Canadian officials expect Mexico to respond within a month. Mexico has rejected the proposed quota \
on cars twice. Canada insists that any agreement must protect its dairy farmers.
"""

ALLIANCE = """The alliance between the US and Japan has shaped security in the Pacific for decades.

US policy has long relied on bases in Okinawa. US officials say the bases deter aggression. Japan \
pays a large share of their cost, and Japanese leaders have defended the arrangement. The treaty \
with the United States was signed in 1960. US negotiators want Japan to pay more, while Japan's \
government says the current share is fair. Critics in Okinawa want fewer bases on the island.
"""


def context_of(text: str) -> ItemContext:
    """The item context the pipeline builds for ``text`` (same stages, same order)."""
    analysis = analyse(clean_text(text))
    centrality = sentence_centrality(analysis.sentences)
    terms = extract_terms(analysis, centrality)
    enumerations = find_enumerations(analysis)
    claims = extract_claims(analysis, centrality, terms, enumerations, 30)
    mentions = [m for s in analysis.sentences for m in s.mentions]
    return ItemContext(analysis, terms[:30], claims, enumerations, DistractorPool(terms, mentions))


@pytest.fixture(scope="module")
def trade() -> ItemContext:
    return context_of(TRADE)


@pytest.fixture(scope="module")
def alliance() -> ItemContext:
    return context_of(ALLIANCE)


def test_places_get_the_role_the_document_gives_them(trade: ItemContext) -> None:
    terms = {term.text: term for term in trade.terms}
    assert terms["Canada"].role == "actor"  # subject, possessor, demonym
    assert terms["Mexico"].role == "actor"
    assert terms["Geneva"].role == "location"  # only ever "in Geneva"


def test_an_actor_is_never_swapped_for_a_mere_location(trade: ItemContext) -> None:
    wrong = trade.pool.distractors_for("Canada", "GPE", plural=False, role="actor")
    assert "Mexico" in wrong
    assert "Geneva" not in wrong
    # An answer whose role the text does not tell still gets no location-only place.
    assert "Geneva" not in trade.pool.distractors_for("Canada", "GPE", plural=False)
    for place in ("Canada", "Mexico"):
        assert place not in trade.pool.distractors_for(
            "Geneva", "GPE", plural=False, role="location"
        )


def test_no_generated_item_offers_the_location_for_an_actor() -> None:
    generation = generate(TRADE)
    for item in generation.items:
        if item.answer in ("Canada", "Mexico"):
            assert "Geneva" not in item.choices, item
        if item.edit is not None and item.edit[1] in ("Canada", "Mexico"):
            assert item.edit[2] != "Geneva", item


def test_a_place_is_offered_in_the_form_the_document_writes_most(alliance: ItemContext) -> None:
    us = next(term for term in alliance.terms if "US" in term.forms())
    assert us.common == "US"
    # In a modifier slot ("_____ policy") any form fits: the document's usual one is offered.
    assert "US" in alliance.pool.distractors_for("Japan", "GPE", plural=False, article="mod")
    assert "United States" not in alliance.pool.distractors_for(
        "Japan", "GPE", plural=False, article="mod"
    )


def test_a_swapped_in_name_must_fit_the_article_around_the_blank(alliance: ItemContext) -> None:
    # The document writes "the US" / "the United States", never a bare "US": after "for" with
    # no article ("for Japan") neither fits, while after "the" they do.
    bare = alliance.pool.distractors_for("Japan", "GPE", plural=False, article="bare")
    assert not {"US", "United States"} & set(bare)
    definite = alliance.pool.distractors_for("Japan", "GPE", plural=False, article="the")
    assert {"US", "United States"} & set(definite)
    # After "a"/"an" no name is swapped in ("a US official" → "a Japan official").
    assert alliance.pool.distractors_for("US", "GPE", plural=False, article="other") == []


def test_a_surname_is_swapped_for_a_surname() -> None:
    text = (
        "Prime Minister Margaret Thatcher met Chancellor Helmut Kohl in Bonn in 1989. "
        "Thatcher opposed a quick reunification of Germany. Kohl pressed ahead with his plan. "
        "Thatcher later wrote that Kohl had been right about the pace. "
        "Thatcher and Kohl met again in London a year later."
    )
    context = context_of(text)
    assert context.pool.distractors_for("Thatcher", "PERSON", plural=False) == ["Kohl"]


def test_organisations_named_like_events_are_events() -> None:
    assert family("ORG", "Geneva Summit") == "EVENT"
    assert family("ORG", "World Health Organization") == "ORG"
    assert family("GPE", "Japan") == family("LOC", "Pacific") == "PLACE"


def test_noun_phrase_distractors_share_the_head_shape() -> None:
    assert head_shape("NATO") == "acronym"
    assert head_shape("trade deal") == "word"
    mentions = [
        Span(0, 3, "WTO", "NP", proper=True),
        Span(4, 15, "Steel quota", "NP"),
        Span(16, 27, "Dairy rules", "NP"),
        Span(28, 39, "Car tariffs", "NP", plural=True),
    ]
    pool = DistractorPool([], mentions)
    wrong = pool.distractors_for("Trade deal", "NP", plural=False)
    assert "WTO" not in wrong
    assert wrong == ["Dairy rules", "Steel quota"]


def test_negation_is_skipped_next_to_an_aside() -> None:
    text = (
        "The ceasefire between the two armies has held since March. "
        "The ceasefire is, at best, a pause in the fighting. "
        "The ceasefire along the border is fragile. "
        "Both armies have moved troops closer to the border since the ceasefire began."
    )
    context = context_of(text)
    by_text = {claim.text: claim for claim in context.claims}
    aside = next(claim for text, claim in by_text.items() if "at best" in text)
    assert negate(context, aside) is None
    plain = next(claim for text, claim in by_text.items() if text.endswith("is fragile."))
    negated = negate(context, plain)
    assert negated is not None
    assert negated[0].endswith("is not fragile.")


LONG = """The bridge over the river was finished in 1932 after six years of work.

The engineers chose steel for the main span because the river floods every spring, and the \
older stone bridge upstream, which had stood for two centuries, had been washed away in the \
great flood of 1926 that also destroyed most of the mills along the eastern bank of the river.

The city council approved the plan for a new steel bridge in the spring of 1926 after a long \
debate about its cost, which was later paid by the state government and by a special tax on the \
carts, cars and lorries that crossed the old ferry every day.

On the northern side, there is also a small museum about the bridge and its builders. \
The museum opened in 1982. Engineers from the city still inspect the bridge every year.
"""


def test_filler_heads_are_not_blanked() -> None:
    context = context_of(LONG)
    for claim in context.claims:
        for blank in context.blanks(claim):
            assert blank.text not in ("northern side", "side"), blank


def test_long_claims_are_cut_to_their_main_clause_or_skipped() -> None:
    context = context_of(LONG)
    cut = 0
    for claim in context.claims:
        short = context.concise(claim)
        if len(claim.text.split()) <= 35:
            assert short is claim
        elif short is not None:
            cut += 1
            assert len(short.text.split()) <= 35
            assert claim.text.startswith(short.text[:-1])  # a cut, never a rewording
    assert cut >= 1  # the ", which …" tail of the council sentence goes
    generation = generate(LONG)
    for item in generation.items:
        if item.type in ("true_false", "cloze"):
            stated = item.prompt.split(": ", 1)[1]
            assert len(stated.split()) <= 40, item.prompt


def test_lone_common_nouns_rank_below_named_things() -> None:
    generation = generate(TRADE)
    ranked = [term.text for term in generation.terms]
    assert ranked.index("Canada") < ranked.index("agreement")
