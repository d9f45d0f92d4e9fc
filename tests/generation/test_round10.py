"""Generation, round 10 rules, on small texts of our own: a cookie banner is page furniture, a
"he" after "he" is not told of the one name in between, "It was the first day …" has no
referent, a sentence in quotation marks is no statement, a "which" clause with a plural verb
is not about the organisation before it, a set of questions is no enumeration card, and a
definition cut short or of the article's main figure makes no card."""

from __future__ import annotations

from quizzes.generation.claims import _DUMMY_IT, resolve_pronoun
from quizzes.generation.clean import clean_text
from quizzes.generation.items.flashcard import usable_definition
from quizzes.generation.nlp import analyse, get_nlp
from quizzes.generation.question_grammar import Names
from quizzes.generation.questions import relative_questions
from tests.generation.drafting import all_drafts


def test_a_cookie_banner_is_page_furniture() -> None:
    page = (
        "Why schools should teach cooking\n\nWe use cookies and similar tools to personalise "
        "what you see. [Agree] [Settings]\n\nCooking is a life skill that most schools have "
        "quietly dropped from the timetable. Children who cook at school eat more vegetables "
        "at home, several small studies suggest.\n\nCritics say that cookie banners annoy "
        "readers, and they are right.\n"
    )
    document = clean_text(page)
    assert "personalise" not in document.text
    assert "cookie notice" in {r.reason for r in document.removed}
    assert "cookie banners annoy" in document.text  # the article may talk about cookies


def test_he_after_he_is_not_told_of_the_name_in_between() -> None:
    text = (
        "Louis Braille was born in Coupvray in 1809. He lost his sight after an accident in "
        "his father's workshop. He attended the village school, and the local priest, Abbé "
        "Palluy, helped with his education. He was a bright pupil, so he won a place at the "
        "Royal Institute for Blind Youth in Paris."
    )
    analysis = analyse(clean_text(text))
    bright = next(s for s in analysis.sentences if s.text.startswith("He was a bright"))
    assert resolve_pronoun(bright, analysis) is None
    lost = next(s for s in analysis.sentences if s.text.startswith("He lost"))
    assert resolve_pronoun(lost, analysis) == ("He", "Louis Braille")


def test_it_was_the_first_day_has_no_referent() -> None:
    assert _DUMMY_IT.match("It was the first day of the London congestion charge.")
    assert _DUMMY_IT.match("It is a busy week for the council.")
    assert not _DUMMY_IT.match("It was a small city on the coast.")


def test_a_sentence_in_quotation_marks_is_no_statement() -> None:
    text = (
        "The loss of the airship\n\nThe Hindenburg burned at Lakehurst, New Jersey, on 6 May "
        "1937. Thirty-six people died in the fire. The ship had crossed the Atlantic "
        "from Frankfurt in about three days.\n\n"
        "\u201cA ship that had crossed an ocean in comfort was gone in less time than it takes "
        "to read a paragraph about her.\u201d\n\nInvestigators blamed a spark that lit leaking "
        "hydrogen.\n"
    )
    statements = [d.prompt for d in all_drafts(text) if d.type in ("true_false", "cloze")]
    assert statements
    assert not any("in less time than it takes" in p for p in statements)


def test_a_which_clause_with_a_plural_verb_is_not_about_the_organisation() -> None:
    doc = get_nlp()(
        "The airships of the United States Navy, which are filled with helium, cannot burn."
    )
    names = Names({"united states navy": "ORG"})
    assert not any(q.wh == "which organisation" for q in relative_questions(doc[:], names))
    singular = get_nlp()(
        "The ship belonged to the Zeppelin Company, which was based in Friedrichshafen."
    )
    found = relative_questions(singular[:], Names({"zeppelin company": "ORG"}))
    assert [(q.question, q.answer) for q in found] == [
        ("Which organisation was based in Friedrichshafen?", "Zeppelin Company")
    ]


def test_a_set_of_questions_is_no_enumeration_card() -> None:
    text = (
        "Inside the tomb\n\nThe excavators now face three questions. First, what lies behind "
        "the sealed door between the two statues? Second, was the tomb entered by thieves in "
        "ancient times? Third, how long will the clearing take? Lord Carnarvon has returned "
        "to England to plan the next season, and Howard Carter is staying in Luxor.\n"
    )
    cards = [d for d in all_drafts(text) if d.generator == "flashcard.enumeration"]
    assert not any("?" in d.answer for d in cards)


def test_a_definition_cut_short_or_of_the_main_figure_makes_no_card() -> None:
    assert not usable_definition("the science of dating wood by counting its rings, and")
    assert not usable_definition("Eastern Air Lines, whose")
    assert usable_definition("the science of dating wood by counting its yearly rings")
    text = (
        "Louis Braille\n\nLouis Braille was a French teacher who created a system of raised dots "
        "for reading. Braille was born in Coupvray in 1809. Braille lost his sight at three. "
        "Braille studied at the Royal Institute for Blind Youth in Paris, where Valentin Haüy "
        "had taught. Braille became a teacher there. Braille died in 1852, and Braille's "
        "system was adopted in France two years later. Valentin Haüy had founded the school.\n"
    )
    cards = [d.prompt for d in all_drafts(text) if d.generator == "flashcard.definition"]
    assert not any("Braille" in prompt for prompt in cards)


def test_his_with_no_one_named_before_it_needs_context() -> None:
    text = (
        "Reading the stones\n\nThomas Young was a physician who studied light. Young compared "
        "the Greek and the Egyptian texts on the stone. The rivalry between his supporters and "
        "Champollion's still colours how the story is told. Champollion read the names of "
        "Ptolemy and Cleopatra in 1822. Champollion published his results in Paris.\n"
    )
    statements = [d.prompt for d in all_drafts(text) if d.type in ("true_false", "cloze")]
    assert not any("rivalry between his supporters" in p for p in statements)
    assert any("Champollion" in p for p in statements)  # a name before "his" is enough


def test_no_description_question_or_choice_about_the_main_figure() -> None:
    text = (
        "Louis Braille\n\nLouis Braille was a French teacher who created a system of raised dots "
        "for reading. Braille was born in Coupvray in 1809. Braille lost his sight at three. "
        "Valentin Haüy, a teacher of the blind, had founded the Royal Institute for Blind Youth "
        "in Paris. Braille studied at the institute. Braille became a teacher there. Charles "
        "Barbier, an army captain, had devised night writing. Braille died in 1852.\n"
    )
    described = [
        d
        for d in all_drafts(text)
        if d.generator in ("short_answer.definition", "mcq.term_role", "flashcard.definition")
    ]
    assert not any(d.answer == "Louis Braille" for d in described)
