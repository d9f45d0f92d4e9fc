"""Wh-questions by transformation of the parse (after Heilman and Smith, 2010).

What goes in: one parsed sentence (a slice of the document's single spaCy parse) and what the
term stage knows about names. What comes out: :class:`WhQuestion`s, each a question in
ordinary word order with one phrase of the sentence as its answer. Never raises; a sentence
that cannot be turned safely gives nothing.

The steps, on a sentence that is a plain declarative statement:

1. **Simplify.** Leading discourse markers ("However,", "So", "Indeed") go; a fronted
   prepositional phrase or date ("In 1206, …") moves to the end; a sentence whose main
   clause is preceded by a subordinate clause, holds a question, a quotation, brackets or a
   list is left alone.
2. **Choose an answer.** Only direct arguments of the main verb can be answers (the others
   sit in "islands"): the subject, the direct object, the object of a preposition attached
   to the verb (as "when" for dates, "where" for places), the attribute of a copula, and a
   number counting the object ("how many"). An answer is the whole phrase with its head.
3. **Wh-word.** By what the phrase names: "who" only for people (a name the term stage
   knows as a person, or a two-word PERSON entity), "which organisation" only for
   organisations, "when" for dates, "where" for places after "in"/"at", "how many" for
   counts, else "what".
4. **Invert.** For a non-subject answer the first auxiliary (or modal, or the copula)
   moves before the subject; with none, do-support splits the verb ("led" → "did … lead")
   with the inflection taken from ``lemminflect``.

Also: a sentence of two main clauses joined by "and"/"but" is asked one clause at a time
(:func:`main_clauses`); relative clauses on named people ask "who" (:func:`relative_questions`);
a sentence's main clause opened by another wh-word serves the why-questions
(:func:`clause_question`). The grammar these share (wh-words, inversion, do-support) is in
:mod:`.question_grammar`.

Filters from the checked failure modes (``shared/notes/question-forms.md``): no questions
over 28 words, none whose subject or remaining words need an antecedent ("it", "this",
"they"), none from sentences with brackets, colons or quotes, none about a light verb's
object ("take place"), none whose verb was mistagged (no lemma for it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .question_grammar import (
    CONTEXT_WORDS,
    MARKER_WORDS,
    Names,
    acceptable_sentence,
    bound_pronouns,
    bracketed,
    finish,
    invert,
    lower_first,
    main_parts,
    needs_context,
    phrase,
    possessives,
    singular_verb,
    text_of,
    wh_for,
    wh_phrase,
)

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

_MAX_WORDS = 26
# Content words a question needs besides its wh-word and auxiliaries.
_MIN_CONTENT = 3
_QUESTION_CONTENT = re.compile(
    r"\b(?!(?:what|who|whom|when|where|which|how|many|much|is|was|are|were|be|been|being|do|"
    r"does|did|has|have|had|can|could|will|would|shall|should|may|might|must|the|a|an|of|to|"
    r"in|on|at|by|for|with|and|or|it|its|this|that|there|first|last|one)\b)[A-Za-z][\w'-]*",
    re.IGNORECASE,
)
_DURATIONS = frozenset(
    ["second", "seconds", "minute", "minutes", "hour", "hours", "day", "days", "week", "weeks",
     "month", "months", "year", "years", "decade", "decades", "century", "centuries"]
)  # fmt: skip
_SCALE_WORDS = frozenset(["hundred", "thousand", "million", "billion", "trillion", "dozen"])
_COUNTED_ONES = frozenset(["one", "another", "some", "many", "most", "both", "others"])
_MAX_ANSWER = 10  # tokens
_ASIDE_MARKS = frozenset(["although", "though", "whereas", "while", "because", "since"])
_SPEECH_VERBS = frozenset(
    ["say", "tell", "announce", "claim", "report", "write", "argue", "add", "warn", "explain"]
)
_PART_WORDS = frozenset(["most", "much", "all", "some", "many", "part", "half", "parts", "each"])
_FEW = frozenset(["two", "three", "four", "five", "2", "3", "4", "5"])
_LIGHT_VERBS = frozenset(["take", "make", "have", "give", "do", "get"])
_GENERIC = frozenset(
    ["part", "way", "thing", "things", "one", "some", "many", "lot", "kind", "type", "number",
     "place", "time", "fact", "case", "use", "end", "form", "result", "example", "point",
     "side", "role", "level", "range", "variety", "host", "series", "set", "group", "amount"]
)  # fmt: skip
# Questions that leave their preposition at the end ("What did the website open in April 1998
# with?"): raters kept 0 of 5 in rounds 3 and 4, so they are no longer asked.
_STRANDED_QUESTIONS = False
_STRANDABLE = frozenset(
    ["with", "to", "from", "on", "for", "about", "into", "through", "along", "against", "over"]
)
_WHEN_PREPS = frozenset(["in", "on", "during", "at"])
_WHERE_PREPS = frozenset(["in", "at"])
_FINITE = frozenset(["VBD", "VBZ", "VBP", "MD"])
_CLAUSE_LINKS = frozenset(["and", "but"])
_PLACE = frozenset({"GPE", "LOC", "FAC"})


@dataclass(frozen=True)
class WhQuestion:
    """A question made from one sentence, and the phrase of the sentence that answers it."""

    question: str
    answer: str
    start: int  # character offsets of the answer in the cleaned text
    end: int
    wh: str  # "who", "what", "when", "where", "how many", "which organisation"
    role: str  # "subject", "object", "attribute", "time", "place", "count", "agent"
    head: int  # token index of the answer's head


def wh_questions(sent: SpacySpan, names: Names, referent: str | None = None) -> list[WhQuestion]:
    """Every safe wh-question of one sentence (see the module docstring), in sentence order.

    ``referent`` replaces a pronoun subject ("He died in 1227" with "Ögedei Khan"): then only
    non-subject questions are made, since the answer must be a phrase of this sentence.
    """
    if not acceptable_sentence(sent):
        return []
    if any(t.lower_ == "whereas" or (t.dep_ == "mark" and t.lower_ == "while") for t in sent):
        return []  # "X …, whereas another said …": the contrast card asks this; a question garbles it
    halves = main_clauses(sent)
    if halves is not None:
        # "Béteille was put in charge of the technical work, and Ziegler became the leading
        # manager": each clause is a statement of its own, asked on its own.
        return [question for half in halves for question in _clause_questions(half, names, None)]
    return _clause_questions(sent, names, referent)


def main_clauses(sent: SpacySpan) -> tuple[SpacySpan, SpacySpan] | None:
    """The two main clauses of a sentence that joins them with "and" or "but" ("X did A, and
    Y did B"), each with its own subject and finite verb; None for any other sentence.

    The first ends before the conjunction (and its comma), the second starts at its own
    subject or fronted phrase and keeps the full stop. Only a clean split counts: nothing of
    the first clause may follow the conjunction, and a third clause leaves the sentence whole.
    """
    root = sent.root
    joined = [
        t
        for t in root.children
        if t.dep_ == "conj"
        and t.pos_ in ("VERB", "AUX")
        and any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children)
    ]
    if len(joined) != 1:
        return None
    second = joined[0]
    cc = next(
        (
            c
            for c in root.children
            if c.dep_ == "cc" and c.lower_ in _CLAUSE_LINKS and c.i < second.i
        ),
        None,
    )
    if cc is None or cc.i + 1 != second.left_edge.i or not root.i < cc.i:
        return None
    inside_second = {t.i for t in second.subtree}
    if any(t.i > cc.i and t.i not in inside_second and not t.is_punct for t in sent):
        return None  # something of the first clause comes after the second
    if second.tag_ not in ("VBD", "VBZ", "VBP") and not any(
        c.dep_ in ("aux", "auxpass") and c.tag_ in _FINITE for c in second.children
    ):
        return None
    end = cc.i - 1 if sent.doc[cc.i - 1].text == "," else cc.i
    first = sent.doc[sent.start : end]
    rest = sent.doc[cc.i + 1 : sent.end]
    if len(first) < 4 or len(rest) < 4:
        return None
    return first, rest


def _clause_questions(
    sent: SpacySpan, names: Names, referent: str | None = None
) -> list[WhQuestion]:
    """The questions of one main clause (a whole sentence, or one of :func:`main_clauses`)."""
    existential = _how_many_there(sent)
    if existential is not None:
        return [existential]
    parts = main_parts(sent)
    if parts is None:
        return []
    root, body, fronted = parts
    inside = bracketed(sent)

    def _phrase_in(token: Token) -> list[Token]:
        return phrase(token, inside)

    preface = ""
    if fronted:
        preface = lower_first(text_of(fronted), fronted[0]) + ","
        preface = preface[:1].upper() + preface[1:]
        if needs_context(fronted, set()):
            return []
    subject = next(c for c in root.children if c.dep_ in ("nsubj", "nsubjpass"))
    subject_phrase = _phrase_in(subject)
    if any(
        t.lower_ in MARKER_WORDS and t.i < subject.i and t.dep_ != "det" for t in subject_phrase
    ):
        return []  # "Third, the rover …" parsed into the subject: no clean question
    subject_tokens: list[Token] | str = subject_phrase
    subject_ids = {t.i for t in subject_phrase}
    pronoun = (
        subject.pos_ == "PRON"
        or subject.lower_ in CONTEXT_WORDS
        or (subject.lower_ in _COUNTED_ONES and len(list(subject.subtree)) == 1)
    )
    if pronoun and (referent is None or len(subject_ids) != 1):
        return []
    if pronoun and referent is not None:
        subject_tokens = referent
    conjoined_verbs = any(
        t.dep_ == "conj" and t.head.i == root.i and t.pos_ in ("VERB", "AUX") for t in sent
    )
    if any(
        t.dep_ == "conj"
        and t.head.i == root.i
        and any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in t.children)
        for t in sent
    ):
        # "What was declared …, and German reunification took place …?": a second clause
        # with its own subject rides along unasked (round 1: ungrammatical, needs context).
        return []
    found: list[WhQuestion] = []

    def emit(question: str, answer: list[Token], wh: str, role: str, head: Token) -> None:
        if len(question.split()) > _MAX_WORDS or not answer or len(answer) > _MAX_ANSWER:
            return
        if len(_QUESTION_CONTENT.findall(question)) < _MIN_CONTENT:
            return  # "What had no orders?", "What is the first?": asks nothing in particular
        if re.search(r"\b(?:also|himself|herself)\b", question):
            return  # "Who has also come within a few seconds?": as well as whom?
        if role == "time" and any(t.lower_ in _DURATIONS or t.lower_ == "age" for t in answer):
            return  # "in about fifteen minutes" is how long, "at the age of 37" how old
        if role == "time" and re.search(r"\b1[0-9]{3}\b|\b20[0-9]{2}\b", question):
            return  # "When did Zara open …, followed by New York in 1989?": which date?
        after = answer[-1].i + 1
        if (
            role in ("time", "place")
            and after + 1 < len(head.doc)
            and head.doc[after].text == ","
            and head.doc[after + 1].pos_ in ("PROPN", "NOUN", "DET", "PRON", "NUM")
            and head.doc[after + 1].dep_ in ("appos", "poss", "compound", "det", "nummod")
        ):
            return  # "held on 12 May, Nightingale's birthday, …": the aside would dangle
        if role == "count" and (
            head.lower_ in _SCALE_WORDS
            or any(c.dep_ in ("quantmod", "advmod", "cc", "conj") for c in head.children)
            or (head.i + 1 < len(head.doc) and head.nbor(1).lower_ in ("and", "or", "to", "-"))
        ):
            return  # "How many about 2.5 US dollars …" → "billion"; "more than 450"
        if needs_context(answer, set()):
            return
        if len(answer) > 2 and answer[0].lower_ in _PART_WORDS and answer[1].lower_ == "of":
            return  # "What performs a ritual?" → "most of Europe": a place asked with "what"
        if any(t.dep_ in ("relcl", "acl", "advcl") for t in answer):
            return
        inside_answer = {t.i for t in answer}
        if any(c.dep_ == "appos" and c.i not in inside_answer for t in answer for c in t.children):
            return  # "celebrated 22 December, his birthday, as …": the aside would dangle
        content = [t for t in answer if t.is_alpha and not t.is_stop]
        if not content and not any(t.like_num for t in answer):
            return
        if len(answer) == 1 and answer[0].lower_ in _GENERIC:
            return
        if head.lower_ in _GENERIC and len(content) <= 1:
            return
        start, end = answer[0].idx, answer[-1].idx + len(answer[-1].text)
        surface = sent.doc[answer[0].i : answer[-1].i + 1].text  # not doc.text: O(whole text)
        found.append(WhQuestion(question, surface, start, end, wh, role, head.i))

    # Subject questions: "Who led the North Koreans to believe …?"
    rest = [t for t in body if t.i not in subject_ids]
    while rest and rest[0].is_punct:
        rest.pop(0)  # the comma that closed an appositive of the subject ("…, the busiest …,")
    if isinstance(subject_tokens, list):
        wh = wh_for(subject_tokens, subject, names)
        copula = root.lemma_ == "be" and not any(c.dep_ == "auxpass" for c in root.children)
        if wh == "what" and root.lemma_ in _SPEECH_VERBS:
            wh = None  # "What said the company sent …?": a speaker is someone, not something
        if copula and subject.pos_ != "PROPN":
            wh = None  # "What is large blue and yellow buildings …?", "What is to find out …?"
        if any(
            t.dep_ == "advcl"
            and any(c.dep_ == "mark" and c.lower_ in _ASIDE_MARKS for c in t.children)
            for t in rest
        ):
            wh = None  # "What was recorded, although historians think …?": the aside garbles it
        if wh is not None and rest and not needs_context(rest, bound_pronouns(rest, wh)):
            words = singular_verb(rest, root, text_of(rest))
            emit(finish([wh_phrase(wh), words], preface), subject_tokens, wh, "subject", subject)
        if needs_context(subject_tokens, set()):
            return found
    if conjoined_verbs:
        return found  # objects of one of two verbs: the inversion would garble the other
    # Objects of the main verb, and of a verb it governs ("has sought to develop a combination").
    chain = [x for x in root.children if x.dep_ == "xcomp" and x.i > root.i]
    last_word = max((t.i for t in body if not t.is_punct), default=-1)
    arguments = [*root.children, *(c for x in chain for c in x.children if c.dep_ == "dobj")]
    for child in arguments:
        if child.i < root.i:
            continue
        role = ""
        answer: list[Token] = []
        wh = None
        removed: set[int] = set()
        if child.dep_ in ("dobj", "attr") and child.pos_ in ("NOUN", "PROPN", "NUM"):
            if child.left_edge.i > 0 and child.doc[child.left_edge.i - 1].text == ",":
                continue  # ", a partnership of two minds": an aside on the clause, no object
            if (
                root.lemma_ in _LIGHT_VERBS
                and child.pos_ == "NOUN"
                and len(list(child.subtree)) <= 2
            ):
                continue
            count = next((c for c in child.children if c.dep_ == "nummod" and c.like_num), None)
            if count is not None and child.pos_ == "NOUN" and child.tag_ == "NNS":
                answer = [count]
                wh = "how many"
                role = "count"
                removed = {count.i}
                noun_phrase = [
                    t
                    for t in child.subtree
                    if t.i != count.i and t.dep_ != "det" and not t.is_punct
                ]
                if len(noun_phrase) > 4:
                    continue
                rest_tokens = [
                    t
                    for t in body
                    if t.i not in subject_ids and t.i not in {x.i for x in child.subtree}
                ]
                clause = invert(root, subject_tokens, rest_tokens)
                if clause is None or needs_context(rest_tokens, possessives(rest_tokens)):
                    continue
                question = finish([f"How many {text_of(noun_phrase)}", *clause], preface)
                emit(question, answer, wh, role, count)
                continue
            answer = _phrase_in(child)
            wh = wh_for(answer, child, names)
            role = "object" if child.dep_ == "dobj" else "attribute"
            removed = {t.i for t in answer}
        elif child.dep_ == "prep" and child.lower_ in (_WHEN_PREPS | _WHERE_PREPS):
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is None:
                continue
            if pobj.ent_type_ in ("DATE", "TIME") and child.lower_ in _WHEN_PREPS:
                wh, role = "when", "time"
            elif (
                (pobj.ent_type_ in _PLACE or names.kind(pobj.text) in _PLACE)
                and child.lower_ in _WHERE_PREPS
                and not any(
                    c.dep_ == "dobj" and (c.ent_type_ in _PLACE or c.pos_ == "PROPN")
                    for c in root.children
                )
            ):
                wh, role = "where", "place"
            else:
                continue
            answer = _phrase_in(pobj)
            removed = {t.i for t in child.subtree}
        elif (
            child.dep_ == "npadvmod"
            and child.ent_type_ == "DATE"
            and not (child.left_edge.i > 0 and child.doc[child.left_edge.i - 1].text == ",")
            and not (
                child.right_edge.i + 1 < len(child.doc)
                and child.doc[child.right_edge.i + 1].text == ","
            )  # "celebrated 22 December, his birthday, as …": an apposition follows
        ):
            wh, role = "when", "time"
            answer = _phrase_in(child)
            removed = {t.i for t in answer}
        elif (
            _STRANDED_QUESTIONS
            and child.dep_ == "prep"
            and root.lemma_ != "be"  # "What is bread a dough of … with?"
            and child.lower_ in _STRANDABLE
            and child.right_edge.i == last_word
            and not (child.i > 0 and child.nbor(-1).text == ",")  # ", with …": an aside
            and not any(c.dep_ == "dobj" and c.i > child.i for c in root.children)
        ):
            # The last phrase of the clause, its preposition left at the end:
            # "What has North Korea maintained a tenuous relationship with?"
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if (
                pobj is None
                or pobj.pos_ not in ("NOUN", "PROPN")
                or pobj.ent_type_
                in (
                    "DATE",
                    "TIME",
                )
            ):
                continue
            answer = _phrase_in(pobj)
            wh = wh_for(answer, pobj, names)
            role = "prep_object"
            removed = {t.i for t in pobj.subtree}
        elif child.dep_ == "agent":
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is None:
                continue
            kind = wh_for(_phrase_in(pobj), pobj, names)
            if kind != "who":
                continue
            answer = _phrase_in(pobj)
            wh, role = "by whom", "agent"
            removed = {t.i for t in child.subtree}
        else:
            continue
        if wh is None or not answer:
            continue
        rest_tokens = [t for t in body if t.i not in subject_ids and t.i not in removed]
        if needs_context(rest_tokens, possessives(rest_tokens)):
            continue
        if any(
            t.dep_ in ("conj", "cc") and (t.head.i in removed or t.head.i == root.i)
            for t in rest_tokens
            if t.i > child.i
        ):
            continue  # "the oxidant, not the fuel, but … the source": half a coordination
        clause = invert(root, subject_tokens, rest_tokens)
        if clause is None:
            continue
        question = finish([wh_phrase(wh), *clause], preface)
        emit(question, answer, wh, role, child)
    return found


def relative_questions(sent: SpacySpan, names: Names) -> list[WhQuestion]:
    """ "The departure of Bolton, who opposed the DMZ meeting, …" → "Who opposed the DMZ
    meeting?" (Bolton): a relative clause on a named person ("who …") or organisation
    ("which …") is a whole finite clause about it, so it asks for the name without inversion.
    """
    found: list[WhQuestion] = []
    if not acceptable_sentence(sent, max_words=80):  # the question is the clause alone
        return found
    inside = bracketed(sent)
    for verb in sent:
        finite = verb.tag_ in ("VBD", "VBZ", "VBP") or any(
            c.dep_ in ("aux", "auxpass") and c.tag_ in ("VBD", "VBZ", "VBP", "MD")
            for c in verb.children
        )
        if verb.dep_ != "relcl" or not finite:
            continue
        relative = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if relative is None or relative.lower_ not in ("who", "which") or relative.i > verb.i:
            continue
        # The antecedent is the name just before the pronoun ("the departure of Bolton who
        # opposed …": the parser may hang the clause on "departure"; "who" means the person).
        head = sent.doc[relative.i - 1]
        if head.text == "," and head.i > sent.start:
            head = sent.doc[head.i - 1]
        if head.pos_ != "PROPN":
            continue  # only a name ends the phrase the clause is about
        first = head.i
        while first - 1 >= sent.start and sent.doc[first - 1].pos_ == "PROPN":
            first -= 1
        name = list(sent.doc[first : head.i + 1])
        wh = wh_for(name, head, names)
        if wh is None or (relative.lower_, wh) not in (
            ("who", "who"),
            ("which", "which organisation"),
        ):
            continue
        if wh == "which organisation" and (
            verb.tag_ == "VBP"
            or any(
                c.dep_ in ("aux", "auxpass") and c.lower_ in ("are", "were") for c in verb.children
            )
        ):
            continue  # "the Navy's ships, which are filled with helium": the ships are
        clause = [t for t in verb.subtree if t.i > relative.i and t.i not in inside]
        while clause and clause[-1].is_punct:
            clause.pop()
        if any(t.is_punct and t.text in ",–—" for t in clause):
            clause = clause[: next(i for i, t in enumerate(clause) if t.text in ",–—")]
        if len(clause) < 3 or needs_context(clause, bound_pronouns(clause, wh)):
            continue
        if any(
            t.lower_ in ("then", "later", "still", "also", "himself", "herself") for t in clause
        ):
            continue  # "Who was then the American envoy?": then when?
        if any(t.dep_ == "relcl" and t.i != verb.i for t in clause):
            continue  # a clause within the clause
        question = finish([wh_phrase(wh), text_of(clause)])
        content = len(_QUESTION_CONTENT.findall(question))
        if content < _MIN_CONTENT or len(question.split()) > _MAX_WORDS:
            continue
        start, end = name[0].idx, name[-1].idx + len(name[-1].text)
        surface = sent.doc[name[0].i : name[-1].i + 1].text
        found.append(WhQuestion(question, surface, start, end, wh, "relative", head.i))
    return found


def _how_many_there(sent: SpacySpan) -> WhQuestion | None:
    """ "There are four fundamental truths that …" → "How many fundamental truths are there
    that …?": the number is the point of an existential sentence that announces a count."""
    root = sent.root
    if root.lemma_ != "be" or not any(c.dep_ == "expl" for c in root.children):
        return None
    attr = next((c for c in root.children if c.dep_ == "attr" and c.tag_ == "NNS"), None)
    if attr is None or attr.i < root.i:
        return None
    count = next((c for c in attr.children if c.dep_ == "nummod" and c.like_num), None)
    if count is None or count.i != attr.left_edge.i or count.lower_ in _FEW:
        return None  # "How many main steps were there?" → "three": raters found it trivial
    tokens = [t for t in sent if not t.is_space]
    while tokens and tokens[-1].is_punct:
        tokens.pop()
    head = [t for t in attr.subtree if t.i <= attr.i and t.i != count.i and not t.is_punct]
    rest = [t for t in tokens if t.i > attr.i]
    before = [t for t in tokens if t.i < root.i and t.dep_ != "expl"]
    if before or len(head) > 4 or needs_context(rest + head, set()):
        return None
    question = finish([f"How many {text_of(head)} {root.lower_} there", text_of(rest)])
    if len(question.split()) > _MAX_WORDS:
        return None
    start, end = count.idx, count.idx + len(count.text)
    return WhQuestion(question, count.text, start, end, "how many", "count", count.i)


def clause_question(sent: SpacySpan, wh: str, exclude: set[int]) -> str | None:
    """The sentence's main clause as a question opened by ``wh`` ("Why does X require Y?").

    Tokens in ``exclude`` (a because-clause, a connective) are left out; the first auxiliary,
    the copula or do-support goes before the subject as in any non-subject question. None when
    the sentence cannot be inverted safely.
    """
    parts = main_parts(sent, exclude)
    if parts is None:
        return None
    root, body, fronted = parts
    if fronted and any(t.i in exclude for t in fronted):
        fronted = [t for t in fronted if t.i not in exclude]
    subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.pos_ == "PRON" or subject.lower_ in CONTEXT_WORDS:
        return None
    subject_tokens = phrase(subject, bracketed(sent))
    subject_ids = {t.i for t in subject_tokens}
    rest = [t for t in body if t.i not in subject_ids and t.i not in exclude]
    while rest and rest[-1].is_punct:
        rest.pop()
    if not rest or needs_context(rest + subject_tokens, set()):
        return None
    if any(
        t.dep_ == "conj"
        and t.head.i == root.i
        and any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children)
        for t in rest
    ):
        return None  # "why did Hardy arrange …, and Ramanujan arrived …?": a second clause
    clause = invert(root, subject_tokens, rest)
    if clause is None:
        return None
    preface = ""
    if fronted:
        if needs_context(fronted, set()):
            return None
        preface = lower_first(text_of(fronted), fronted[0]) + ","
        preface = preface[:1].upper() + preface[1:]
    question = finish([wh, *clause], preface)
    return question if len(question.split()) <= _MAX_WORDS else None


def sentence_words(tokens: list[Token]) -> str:
    """Tokens as text, with their own spacing (for answers cut from a sentence)."""
    return text_of(tokens)


def clause_words(tokens: list[Token]) -> str:
    """A clause cut from the start of a sentence, as text that can follow "Because ": its
    first word lower-cased unless it is a name."""
    text = text_of(tokens)
    return lower_first(text, tokens[0]) if tokens and tokens[0].is_sent_start else text
