"""The bundled article against an oracle of its main claims and key terms, written by hand.

The oracle lists what a teacher would want asked about after reading the article; the engine
knows nothing of it (no rule in the engine names this article's strings).
"""

from __future__ import annotations

import re
from collections import Counter

from quizzes.generation.distractors import overlaps
from quizzes.generation.pipeline import generate, to_json
from quizzes.generation.quality import way_of
from quizzes.generation.types import ITEM_TYPES, Generation, Options

KEY_TERMS = {
    "Donald Trump": ("Donald Trump", "Trump", "President Trump"),
    "Kim Jong-un": ("Kim Jong-un", "Kim"),
    "North Korea": ("North Korea", "North Korean", "North Koreans"),
    "John Bolton": ("John Bolton", "Bolton"),
    "CVID": ("CVID", "denuclearization"),
    "sanctions": ("sanctions", "relief of sanctions", "sanctions evasion"),
    "summits": ("Summits", "summits", "Hanoi Summit"),
    "South Korea": ("South Korea",),
    "US policy": ("US policy", "US position"),
    "Stockholm": ("Stockholm",),
    "DMZ": ("DMZ",),
    "Korean War": ("Korean War",),
    "missile tests": ("missile tests",),
    "regime security": ("regime security", "security of the regime"),
    "nuclear capability": ("nuclear capability", "nuclear and missile capability"),
    "pen pal diplomacy": ("pen pal diplomacy",),
    "inter-agency coordination": ("inter-agency coordination",),
    "economic strength": ("economic strength",),
    "detente": ("detente",),
    "National Security Advisor": ("National Security Advisor",),
    "strategic objectives": ("strategic objectives",),
    "broader strategy": ("broader strategy",),
}
KEY_CLAIMS = (
    "oscillated between hostility and limited detente",
    "maintained a tenuous relationship with the international community",
    "repeated today with three key differences",
    "played out at a much higher level",
    "happening in real-time before the world media",
    "compressed time frame",
    "The key variants in the situation are",
    "led the North Koreans to believe",
    "displaying a more erratic and inconsistent approach",
    "clear disconnect between the approach of President Trump",
    "maintaining sanctions until and unless North Korea delivers",
    "injected a major element of ambiguity",
    "somewhat schizophrenic US policy",
    "suffers from a lack of inter-agency coordination",
    "abandoned even the pretence of inter-agency consultation",
    "The departure of Bolton",
    "will never give up a nuclear weapons capability",
    "there can be no dissent from the leader",
    "four fundamental truths",
    "number one priority for North Korea",
    "regime security can only be guaranteed",
    "North Korean regime is not suicidal",
    "national security also requires economic strength",
    "North Korea requires relief of sanctions",
    "maintain its nuclear capability and lift the burden of sanctions",
    "success of the North Korean approach depends",
    "strangely disconnected from his negotiators",
)
FURNITURE = (
    "Recommended",
    "Watch James",
    "Related Articles",
    "CIPS",
    "Creative Commons",
    "Load More",
    "Key Drivers in US-North Korea relations",
)


def test_it_makes_at_least_forty_items_of_every_type(sample: Generation) -> None:
    counts = Counter(item.type for item in sample.items)
    assert len(sample.items) >= 40
    # Every type, even where the keep model expects few to be kept (multiple choice on an
    # opinion piece): the best few of a type are offered after the rest (quality._every_type).
    assert set(counts) == set(ITEM_TYPES), counts


def test_the_review_queue_opens_with_the_likeliest_keepers(sample: Generation) -> None:
    top = sample.items[:15]
    # The forms raters rejected most never lead: "What does the article say about X?" (0 of
    # 14 kept) and "which of these is described as …" (0 of 6).
    assert not any(item.generator in ("flashcard.claim", "mcq.term_role") for item in top)
    # A real question passes 0.1 lower (quality._QUESTION_MARGIN).
    assert all(item.score >= 0.5 - 0.1 * (way_of(item) == "question") for item in top)
    assert len({item.type for item in top}) >= 3  # the forms are mixed, not one kind
    assert any(item.generator.startswith(("short_answer.wh", "flashcard.wh")) for item in top)
    assert any(item.generator == "flashcard.enumeration" for item in top)


def _tests_term(item, forms: tuple[str, ...]) -> bool:  # type: ignore[no-untyped-def]
    """An item tests a term when the term is its answer (or an accepted form), what it is
    declared to test, or part of the answer the learner must recall."""
    about = [item.answer, *item.accepted]
    if item.tests.kind == "term":
        about.append(item.tests.text)
    if any(form.lower() == text.lower() for form in forms for text in about):
        return True
    return any(re.search(rf"\b{re.escape(form.lower())}\b", item.answer.lower()) for form in forms)


def test_nearly_every_key_term_is_tested(sample: Generation) -> None:
    tested = {
        name
        for name, forms in KEY_TERMS.items()
        if any(_tests_term(item, forms) for item in sample.items)
    }
    # Precision first: a key term whose only draft is a form raters rejected ("What does the
    # article say about DMZ?", 0 of 14 kept in round 1) stays untested rather than padded.
    # Measured gaps: DMZ, Korean War, South Korea, Stockholm, US policy, missile tests,
    # strategic objectives (before the keep model only "missile tests").
    assert len(tested) >= 15, sorted(set(KEY_TERMS) - tested)
    assert {"Donald Trump", "Kim Jong-un", "North Korea", "CVID", "sanctions"} <= tested


def test_every_key_claim_is_tested(sample: Generation) -> None:
    tested = {
        phrase
        for phrase in KEY_CLAIMS
        for item in sample.items
        if phrase.lower() in item.evidence.text.lower()
    }
    # As for key terms: claims whose only draft is a rejected form stay untested (measured:
    # 21 of 27; the opinion claims with no cloze, true/false or question of their own).
    assert len(tested) >= 20, sorted(set(KEY_CLAIMS) - tested)


def test_no_sentence_is_tested_more_than_twice(sample: Generation) -> None:
    # Twice by quiz items and twice by cards at most: a card studies what the quiz asks.
    uses = Counter((item.evidence.start, item.type == "flashcard") for item in sample.items)
    assert max(uses.values()) <= 2, uses.most_common(3)
    deck = Counter(item.evidence.start for item in sample.items if item.type == "flashcard")
    assert sum(deck.values()) >= 14  # a deck of more than a few cards (round 2 left 7)


def _form(choice: str) -> tuple[str, bool, bool, bool]:
    """What grammar can see of a choice once its content words are gone."""
    words = choice.split()
    article = words[0].lower() if words and words[0].lower() in ("a", "an", "the") else ""
    last = re.sub(r"\W", "", words[-1]) if words else ""
    plural = last.endswith("s") and not last.endswith("ss") and not last[:1].isupper()
    return article, plural, choice[:1].isupper(), any(ch.isdigit() for ch in choice)


def test_no_answer_can_be_guessed_from_grammar_alone(sample_text: str) -> None:
    """Strip the choices' content words: agreement, "a"/"an" and article use must not single
    out the right one (every right choice shares its form with at least one wrong choice).
    Checked on every multiple choice drafted (the default threshold keeps few of them)."""
    checked = 0
    loose = generate(sample_text, options=Options(min_score=0.0, max_items=200))
    for item in loose.items:
        if item.type != "mcq":
            continue
        checked += 1
        forms = [_form(choice) for choice in item.choices]
        assert forms.count(_form(item.answer)) >= 2, item
        before = re.search(r"\b(a|an)\s+_____", item.prompt)
        if before is not None:  # "an _____" must fit wrong choices as well as the right one
            vowel = [c[:1].lower() in "aeiou" for c in item.choices]
            assert vowel.count(vowel[item.choices.index(item.answer)]) >= 2, item
    assert checked >= 2


def test_no_item_comes_from_page_furniture(sample: Generation) -> None:
    for item in sample.items:
        for furniture in FURNITURE:
            assert furniture not in item.evidence.text
            assert furniture not in item.prompt
    for furniture in FURNITURE:
        assert furniture not in sample.document.text


def test_pull_quotes_are_dropped_even_inside_a_longer_paragraph(sample: Generation) -> None:
    text = sample.document.text
    assert text.count("North Korea has sought to develop a combination of tactics") == 1
    assert text.count("both sides are pursuing dual policies") == 1
    # The surviving copy is the one inside the longer paragraph, not the pull quote.
    assert "With those strategic objectives in mind, North Korea has sought" in text
    reasons = {removed.reason for removed in sample.document.removed}
    assert "pull quote repeating the body" in reasons


def test_no_two_items_test_the_same_fact_the_same_way(sample: Generation) -> None:
    way = {"mcq": "choose", "true_false": "judge"}
    seen = set()
    for item in sample.items:
        answer = "" if item.type == "true_false" else item.answer.lower()
        # A cloze card is a cloze question's study twin on purpose (the deck prepares for it).
        how = "study" if item.generator == "flashcard.cloze" else way.get(item.type, "recall")
        key = (how, item.tests.text, answer)
        assert key not in seen, item
        seen.add(key)


def test_aliases_are_merged(sample: Generation) -> None:
    terms = {term.text: term for term in sample.terms}
    assert {"Trump", "President Trump"} <= set(terms["Donald Trump"].aliases)
    assert {"North Korean", "North Koreans"} <= set(terms["North Korea"].aliases)
    assert "Bolton" in terms["John Bolton"].aliases
    assert "Kim" in terms["Kim Jong-un"].aliases  # family name first
    assert "US" in terms["United States"].aliases  # an acronym, not the stop word "us"
    assert "complete, verifiable, irreversible denuclearization" in terms["CVID"].aliases
    assert terms["CVID"].definition == "complete, verifiable, irreversible denuclearization"
    assert not any(term.text in ("Trump", "North Koreans", "Bolton") for term in sample.terms)


def test_it_finds_definitions_the_text_gives(sample: Generation) -> None:
    definitions = {term.text: term.definition for term in sample.terms if term.definition}
    assert "mercurial US President" in definitions["Donald Trump"]
    assert "North Korean leader" in definitions["Kim Jong-un"]


def test_it_asks_for_the_announced_enumeration_as_a_set(sample: Generation) -> None:
    cards = [item for item in sample.items if item.generator == "flashcard.enumeration"]
    card = next(item for item in cards if "four fundamental truths" in item.prompt)
    assert card.prompt.startswith("Name the four fundamental truths")
    assert card.answer.count("(") == 4  # (1) … (4): every member, in order
    assert "regime is not suicidal" in card.answer
    # No "which of these is one of them" with negated copies of the right answer as choices.
    assert not any(item.generator == "mcq.enumeration" for item in sample.items)


def test_opinions_are_framed_as_the_authors(sample: Generation) -> None:
    hedged = re.compile(r"\b(?:Arguably|arguably|seems|should|In my experience)\b")
    for item in sample.items:
        if item.type == "true_false" and hedged.search(item.evidence.text):
            assert item.prompt.startswith("True or false: According to the author, ")
        assert not re.search(r"\bI am\b|\bmy\b", item.prompt)
    opinions = [claim for claim in sample.claims if claim.stance == "opinion"]
    assert opinions
    assert all(
        claim.stance == "opinion" for claim in sample.claims if "arguably" in claim.text.lower()
    )


def test_false_statements_carry_one_recorded_edit(sample: Generation) -> None:
    drafts = [*sample.items, *(rejection.item for rejection in sample.rejected)]
    false = [item for item in drafts if item.type == "true_false" and item.answer == "False"]
    assert false
    for item in false:
        assert item.edit is not None
        kind, original, replacement = item.edit
        assert kind in ("swap", "negation", "negation removed")
        assert original != replacement
        assert f"“{original}” to “{replacement}”" in item.explanation


def test_distractors_are_of_the_same_kind_and_never_the_answer(sample: Generation) -> None:
    for item in sample.items:
        if item.type != "mcq" or item.generator == "mcq.enumeration":
            continue
        assert len(set(item.choices)) == len(item.choices) >= 3
        for choice in item.choices:
            if choice != item.answer:
                assert not overlaps(choice, item.answer), item
                assert choice[:1].isupper() == item.answer[:1].isupper() or choice[:1].isdigit()


def test_evidence_is_grounded_and_maps_back_to_the_original(sample: Generation) -> None:
    document = sample.document
    for item in sample.items:
        evidence = item.evidence
        assert document.text[evidence.start : evidence.end] == evidence.text
        start = document.offsets.to_original(evidence.start)
        end = document.offsets.to_original(evidence.end - 1) + 1
        original = document.original[start:end]
        assert original.split() == evidence.text.split()
        assert (item.explanation and evidence.text in item.explanation) or item.edit


def test_same_text_gives_byte_identical_json(sample: Generation, sample_text: str) -> None:
    again = generate(sample_text)
    assert to_json(again, timings=False) == to_json(sample, timings=False)


def test_json_has_the_documented_shape(sample: Generation) -> None:
    import json

    data = json.loads(to_json(sample))
    assert set(data) == {"source", "terms", "claims", "items", "rejected", "timings_ms"}
    assert set(data["source"]) == {"title", "words"}
    assert set(data["terms"][0]) == {"text", "kind", "aliases", "definition", "score", "evidence"}
    assert set(data["claims"][0]) == {"text", "stance", "score", "evidence"}
    assert set(data["items"][0]) == {
        "type", "prompt", "answer", "choices", "accepted", "explanation", "tests", "generator",
        "score", "evidence",
    }  # fmt: skip
    assert set(data["items"][0]["evidence"]) == {"start", "end", "text"}
    assert set(data["rejected"][0]) == {"type", "prompt", "reasons"}
