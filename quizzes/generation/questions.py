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

Filters from the checked failure modes (``shared/notes/question-forms.md``): no questions
over 28 words, none whose subject or remaining words need an antecedent ("it", "this",
"they"), none from sentences with brackets, colons or quotes, none about a light verb's
object ("take place"), none whose verb was mistagged (no lemma for it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from wordfreq import zipf_frequency

from .types import Term

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

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
_COMMON_ZIPF = 4.0  # a word at least this frequent is a common word, not a name
_MARKER_WORDS = frozenset(
    ["so", "however", "further", "furthermore", "moreover", "therefore", "thus", "indeed",
     "instead", "also", "and", "but", "yet", "still", "besides", "meanwhile", "nevertheless",
     "nonetheless", "additionally", "consequently", "hence", "finally", "lastly", "first",
     "second", "third", "fourth", "fifth", "firstly", "secondly", "thirdly", "currently",
     "historically", "today", "now", "then", "later", "eventually", "recently"]
)  # fmt: skip
_CONTEXT_WORDS = frozenset(
    ["it", "this", "that", "these", "those", "they", "them", "he", "she", "him", "her", "his",
     "its", "their", "such", "there", "here", "we", "our", "us", "i", "me", "my", "you",
     "your", "former", "latter", "above", "below", "none", "example", "similar", "later",
     "earlier", "previous"]
)  # fmt: skip
_LIGHT_VERBS = frozenset(["take", "make", "have", "give", "do", "get"])
_GENERIC = frozenset(
    ["part", "way", "thing", "things", "one", "some", "many", "lot", "kind", "type", "number",
     "place", "time", "fact", "case", "use", "end", "form", "result", "example", "point",
     "side", "role", "level", "range", "variety", "host", "series", "set", "group", "amount"]
)  # fmt: skip
_PREFACE_DEPS = frozenset({"prep", "npadvmod", "advmod", "advcl"})
# Questions that leave their preposition at the end ("What did the website open in April 1998
# with?"): raters kept 0 of 5 in rounds 3 and 4, so they are no longer asked.
_STRANDED_QUESTIONS = False
_CONNECTIVE_PHRASES = frozenset(
    ["as a result", "in addition", "for example", "for instance", "in contrast", "by contrast",
     "in fact", "in particular", "of course", "in other words", "on the other hand", "as such",
     "in turn", "above all", "after all", "at the same time"]
)  # fmt: skip
_MAX_PREFACE = 12  # tokens
_STRANDABLE = frozenset(
    ["with", "to", "from", "on", "for", "about", "into", "through", "along", "against", "over"]
)
_WHEN_PREPS = frozenset(["in", "on", "during", "at"])
_WHERE_PREPS = frozenset(["in", "at"])
_DO = {"VBD": "did", "VBZ": "does", "VBP": "do"}
_FINITE = frozenset(["VBD", "VBZ", "VBP", "MD"])
_TITLES = frozenset(
    ["mr", "mrs", "miss", "ms", "dr", "professor", "prof", "sir", "dame", "lady", "lord",
     "president", "senator", "general", "captain", "colonel", "judge", "king", "queen"]
)  # fmt: skip
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


@dataclass(frozen=True)
class Names:
    """What the term stage knows about names: the kind of each lower-cased form.

    Build it with :meth:`from_terms`: a person or an organisation counts only when the text
    also writes its name in two or more words ("Robert Boyle") or names it more than once (a
    lone "Antioch" that the small model took for a person once is not trusted), since "who"
    for a city is worse than no question.
    """

    kinds: dict[str, str]
    # The last word of every person's full name ("tharp" of "Marie Tharp"): the small model
    # sometimes takes the surname alone for a place or an organisation.
    surnames: frozenset[str] = frozenset()

    def kind(self, text: str) -> str:
        return self.kinds.get(text.lower(), "")

    def names_a_person(self, tokens: list[Token]) -> bool:
        """ "Tharp", "Miss Darvall": a surname of a person the article names in full, or a
        name after a title."""
        words = [t for t in tokens if t.pos_ != "DET"]
        if not words or words[-1].pos_ != "PROPN":
            return False
        if words[0].lower_.rstrip(".") in _TITLES and len(words) >= 2:
            return True
        return len(words) == 1 and words[0].lower_ in self.surnames

    @classmethod
    def from_terms(cls, terms: list[Term]) -> Names:
        kinds: dict[str, str] = {}
        for term in terms:
            kind = term.kind
            if (
                kind in ("PERSON", "ORG")
                and term.mentions < 2
                and not any(len(f.split()) >= 2 for f in term.forms())
            ):
                kind = "NAME"
            for form in term.forms():
                kinds.setdefault(form.lower(), kind)
        surnames = frozenset(
            form.split()[-1].lower()
            for term in terms
            if term.kind == "PERSON"
            for form in term.forms()
            if len(form.split()) >= 2
        )
        return cls(kinds, surnames)


def verb_lemma(token: Token) -> str | None:
    """The base form of a verb, or None when the tagger's verb has no known lemma (mistag)."""
    from lemminflect import getAllLemmas, getLemma

    if not token.text.isalpha():
        return None
    spacy_lemma = token.lemma_.lower()
    lemmas = getLemma(token.text.lower(), upos="VERB")
    if spacy_lemma in lemmas:
        return spacy_lemma
    if not getAllLemmas(token.text.lower(), upos="VERB"):
        return None  # "unabashed" tagged as a verb
    return lemmas[0] if lemmas else None


def _words(tokens: list[Token]) -> str:
    """Tokens joined with their own spacing; the last one's trailing space dropped."""
    out = []
    for index, token in enumerate(tokens):
        out.append(token.text)
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if following is not None and (
            token.whitespace_ or (following.i != token.i + 1 and not following.is_punct)
        ):
            out.append(" ")
    text = "".join(out)
    text = re.sub(r"\s+([,.;:?!])", r"\1", text)
    return re.sub(r"\s{2,}", " ", text).strip()


def _lower_first(text: str, token: Token) -> str:
    """Lower-case the sentence's first word unless it is a name or an acronym.

    A determiner, number or adverb that opens an entity is still lower-cased ("the United
    Kingdom", "about 800 people"); a capitalised common word the tagger took for a name at the
    start of a sentence ("Composting turns …") is lower-cased when it is a frequent English
    word and no entity.
    """
    if token.text == "I" or (token.text.isupper() and len(token.text) > 1):
        return text
    lower, capital = _written_forms(token.doc)
    if token.text in capital and token.pos_ not in ("DET", "ADP", "CCONJ", "PRON", "AUX", "PART"):
        return text  # written capitalised inside a sentence too: a name ("Hardy" tagged an adverb)
    if token.pos_ == "PROPN":
        # "Hardy", "President": a name that is also a word stays a name unless the text
        # writes it lower-case.
        if (
            token.ent_type_
            or zipf_frequency(token.lower_, "en") < _COMMON_ZIPF
            or token.lower_ not in lower
        ):
            return text
    elif token.ent_type_ and token.pos_ not in ("DET", "NUM", "ADV", "ADP", "ADJ"):
        return text
    return text[:1].lower() + text[1:]


def _written_forms(doc: Doc) -> tuple[frozenset[str], frozenset[str]]:
    """The words the text writes lower-case, and the ones it capitalises inside a sentence
    (computed once per parse)."""
    cached = doc.user_data.get("written_forms")
    if cached is None:
        lower = frozenset(t.text for t in doc if t.text.islower())
        capital = frozenset(
            t.text
            for t in doc
            if t.text[:1].isupper()
            and not t.is_sent_start
            and t.i > 0
            and not doc[t.i - 1].is_punct
        )
        cached = doc.user_data["written_forms"] = (lower, capital)
    return cached


def _phrase(token: Token, inside: set[int] | frozenset[int] = frozenset()) -> list[Token]:
    """The whole phrase headed by ``token``, without the bracketed tokens ``inside``, a trailing
    comma or punctuation."""
    tokens = [t for t in token.subtree if t.i not in inside]
    while tokens and tokens[-1].is_punct:
        tokens.pop()
    while tokens and tokens[0].is_punct:
        tokens.pop(0)
    return tokens


def _main_parts(
    sent: SpacySpan, skip: set[int] | frozenset[int] = frozenset()
) -> tuple[Token, list[Token], list[Token]] | None:
    """The root, the clause from its subject on, and a fronted phrase that stays in front.

    Leading discourse markers are dropped; a fronted prepositional phrase, date, adverb or
    subordinate clause with its conjunction ("For almost seven decades, …", "Often, …", "Before
    the war began, …", at most 12 words) is returned apart, to preface the question with the
    qualifier that made the statement true. Tokens in ``skip`` (a cause the question leaves
    out: "X, so Y" asks why Y) are ignored.
    """
    root = sent.root
    if root.pos_ not in ("VERB", "AUX"):
        return None
    if root.tag_ not in ("VBD", "VBZ", "VBP", "VBN", "VBG") and not (
        # "could damage", "will need": a modal moves before the subject like any auxiliary;
        # a negated one asks for what did not happen, which has many answers.
        root.tag_ == "VB"
        and any(c.dep_ == "aux" and c.tag_ == "MD" and c.i < root.i for c in root.children)
        and not any(c.dep_ == "neg" for c in root.children)
    ):
        return None
    subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:
        return None
    tokens = [t for t in sent if not t.is_space]
    while tokens and tokens[-1].is_punct:
        tokens.pop()
    start = subject.left_edge.i
    leading = [t for t in tokens if t.i < start]
    moved: list[Token] = []
    for child in root.children:
        if child.i >= start or child.i in skip:
            continue
        if child.dep_ in ("advmod", "cc", "punct", "intj") and (
            child.lower_ in _MARKER_WORDS or child.dep_ in ("cc", "punct")
        ):
            continue
        if child.dep_ in _PREFACE_DEPS and child.right_edge.i < start:
            # "In 1206," "Often," "Before the war began,": the qualifier stays in front.
            phrase = list(child.subtree)
            words = " ".join(t.lower_ for t in phrase if not t.is_punct)
            if words in _CONNECTIVE_PHRASES:
                continue  # "As a result, …": a link to the sentence before, no qualifier
            if len([t for t in phrase if not t.is_punct]) < 2 and child.dep_ == "prep":
                return None  # "In, what shared …": a preposition the parser left alone
            if child.dep_ == "advcl" and any(
                c.dep_ == "mark" and c.lower_ in ("whereas", "while", "although", "though")
                for c in child.children
            ):
                return None  # "Whereas the leaves need little water, why …?"
            because = child.dep_ == "advcl" and any(
                c.dep_ == "mark" and c.lower_ == "because" for c in child.children
            )  # a fronted cause: a why-question leaves it out, however long
            if (len(phrase) > _MAX_PREFACE and not because) or (
                child.dep_ == "advcl" and not any(c.dep_ == "mark" for c in child.children)
            ):
                return None  # a long or participial opening ("Having said that, …")
            moved.extend(phrase)
            continue
        return None  # an unknown opening: leave the sentence alone
    moved.sort(key=lambda t: t.i)
    kept_leading = {t.i for t in moved}
    if any(
        t.i not in kept_leading and t.i not in skip and not (t.is_punct or _is_marker(t, root))
        for t in leading
    ):
        return None
    inside = _bracketed(sent)
    body = [t for t in tokens if t.i >= start and t.i not in inside]
    return root, body, moved


def _bracketed(sent: SpacySpan) -> set[int]:
    """Tokens inside round brackets (with the brackets): asides a question can do without."""
    inside: set[int] = set()
    depth = 0
    for token in sent:
        if token.text == "(":
            depth += 1
        if depth:
            inside.add(token.i)
        if token.text == ")" and depth:
            depth -= 1
    return inside


def _is_marker(token: Token, root: Token) -> bool:
    return (
        token.lower_ in _MARKER_WORDS
        or token.dep_ in ("cc", "punct")
        or (token.dep_ == "advmod" and token.head.i == root.i and token.lower_.endswith("ly"))
    )


def _acceptable_sentence(sent: SpacySpan, max_words: int = 40) -> bool:
    text = sent.text.strip()
    if not text.endswith(".") or text.endswith("..."):
        return False
    if any(mark in text for mark in (":", '"', "“", "”", ";", "?", "!", "[")):
        return False
    if text.count("(") != text.count(")") or text.count("(") > 2:
        return False
    words = len(text.split())
    return 5 <= words <= max_words


def _wh_for(tokens: list[Token], head: Token, names: Names) -> str | None:
    """The wh-word for an answer phrase, or None when none fits safely."""
    text = _words(tokens)
    kind = names.kind(text) or names.kind(_words([t for t in tokens if t.pos_ != "DET"]))
    ent = head.ent_type_
    if kind == "PERSON" or (not kind and ent == "PERSON" and len(tokens) >= 2):
        return "who"
    if names.names_a_person(tokens):
        return "who"
    if kind == "NAME" or (head.pos_ == "PROPN" and not kind and ent in ("", "PERSON", "ORG")):
        return None  # a name of unknown kind: "what" might ask for a person
    if kind in ("ORG",) or (not kind and ent == "ORG" and len(tokens) >= 2):
        return "which organisation"
    if ent in ("DATE", "TIME") or kind in ("DATE", "TIME"):
        return None  # dates are asked with "when" from their preposition
    if ent in ("CARDINAL", "PERCENT", "MONEY", "QUANTITY", "ORDINAL"):
        return None
    if kind == "NORP" or ent == "NORP":
        return "who" if head.tag_ == "NNPS" or head.text.endswith("s") else None
    return "what"


def _invert(root: Token, subject_tokens: list[Token] | str, rest: list[Token]) -> list[str] | None:
    """Words of the question's clause after the wh-phrase, auxiliary first (or do-support)."""
    auxes = [c for c in root.children if c.dep_ in ("aux", "auxpass") and c.i < root.i]
    if auxes:
        first = auxes[0]
        if first.lower_ == "to":
            return None
        others = [t for t in rest if t.i != first.i]
        return [first.lower_, _subject_text(subject_tokens), _words(others)]
    if root.lemma_ == "be":
        others = [t for t in rest if t.i != root.i]
        return [root.lower_, _subject_text(subject_tokens), _words(others)]
    helper = _DO.get(root.tag_)
    if helper is None:
        return None
    if helper in ("do", "does") and isinstance(subject_tokens, list) and subject_tokens:
        # The subject's number, not the verb's tag, picks do/does ("monitoring … show" in the
        # source still asks "Why does monitoring … show …?").
        head = next(
            (t for t in subject_tokens if t.head.i == t.i or t.head not in subject_tokens), None
        )
        if head is not None and not any(t.dep_ == "conj" for t in subject_tokens):
            helper = (
                "do"
                if head.tag_ in ("NNS", "NNPS")
                else "does"
                if head.tag_ in ("NN", "NNP")
                else helper
            )
    lemma = verb_lemma(root)
    if lemma is None:
        return None
    from lemminflect import getInflection

    base = getInflection(lemma, tag="VB")
    base_form = base[0] if base else lemma
    words = []
    for token in rest:
        if token.i == root.i:
            words.append(base_form)
        else:
            words.append(token.text)
    clause = _words_from(rest, words)
    return [helper, _subject_text(subject_tokens), clause]


def _subject_text(subject: list[Token] | str) -> str:
    """The subject as the question writes it: a referent given as text, or the phrase."""
    return subject if isinstance(subject, str) else _subject_words(subject)


def _subject_words(tokens: list[Token]) -> str:
    text = _words(tokens)
    return _lower_first(text, tokens[0]) if tokens and tokens[0].is_sent_start else text


_SINGULAR = {"have": "has", "are": "is", "were": "was", "do": "does"}


def _singular_verb(rest: list[Token], root: Token, words: str) -> str:
    """A wh-subject takes a singular verb ("What has …"): no agreement gives the answer away."""
    first = rest[0] if rest else None
    if first is None or (first.tag_ not in ("VBP",) and first.lower_ not in ("were",)):
        return words
    if any(t.dep_ == "conj" and t.head.i == root.i and t.pos_ in ("VERB", "AUX") for t in rest):
        return words  # "are fixed and occur": both verbs would have to change
    if first.lower_ in _SINGULAR:
        return _SINGULAR[first.lower_] + words[len(first.text) :]
    if first.i == root.i:
        from lemminflect import getInflection

        lemma = verb_lemma(first)
        inflected = getInflection(lemma, tag="VBZ") if lemma else ()
        if inflected:
            return str(inflected[0]) + words[len(first.text) :]
    return words


def _words_from(tokens: list[Token], texts: list[str]) -> str:
    out = []
    for index, (token, text) in enumerate(zip(tokens, texts, strict=True)):
        out.append(text)
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if following is not None and (token.whitespace_ or following.i != token.i + 1):
            out.append(" ")
    joined = re.sub(r"\s+([,.;:?!])", r"\1", "".join(out))
    return re.sub(r"\s{2,}", " ", joined).strip()


def _finish(words: list[str], preface: str = "") -> str:
    text = " ".join(w for w in words if w).strip()
    text = re.sub(r"\s+([,.;:?!])", r"\1", text)
    text = re.sub(r",(\s*,)+", ",", text)
    text = re.sub(r"\s{2,}", " ", text).rstrip(",;: ")
    if preface:
        return f"{preface} {text[:1].lower() + text[1:]}?"
    return text[:1].upper() + text[1:] + "?"


def _needs_context(tokens: list[Token], allowed: set[int]) -> bool:
    """True when a word of ``tokens`` points outside the question ("it", "this", "they",
    "the one guaranteeing …")."""
    return any(
        (
            t.lower_ in _CONTEXT_WORDS
            and t.i not in allowed
            and t.dep_ != "mark"  # "believe that …" is a conjunction, not a pointer
            and t.tag_ not in ("WDT", "WP")  # "truths that must be kept": a relative pronoun
            and not (t.text.isupper() and len(t.text) > 1)  # "US" is not "us"
        )
        or (
            t.lower_ in ("one", "ones")
            and t.pos_ in ("NOUN", "PRON")
            and any(c.dep_ == "det" for c in t.children)
        )
        or (t.lower_ == "same" and t.i > 0 and t.doc[t.i - 1].lower_ == "the")
        for t in tokens
    )


_BOUND = {"who": frozenset(["him", "his", "her", "himself", "herself", "their", "them"])}


def _possessives(tokens: list[Token]) -> set[int]:
    """ "its", "their", "his", "her" before a noun: with the subject named in the question,
    they read as the subject's ("How many teachers did the college employ in its first year?")."""
    return {t.i for t in tokens if t.lower_ in ("its", "their", "his", "her") and t.dep_ == "poss"}


def _bound_pronouns(tokens: list[Token], wh: str | None) -> set[int]:
    """Pronouns that can only refer to the subject being asked for ("Who … with him?")."""
    bound = _BOUND.get(wh or "", frozenset(["its", "itself"]))
    return {t.i for t in tokens if t.lower_ in bound}


def wh_questions(sent: SpacySpan, names: Names, referent: str | None = None) -> list[WhQuestion]:
    """Every safe wh-question of one sentence (see the module docstring), in sentence order.

    ``referent`` replaces a pronoun subject ("He died in 1227" with "Ögedei Khan"): then only
    non-subject questions are made, since the answer must be a phrase of this sentence.
    """
    if not _acceptable_sentence(sent):
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
    parts = _main_parts(sent)
    if parts is None:
        return []
    root, body, fronted = parts
    inside = _bracketed(sent)

    def _phrase_in(token: Token) -> list[Token]:
        return _phrase(token, inside)

    preface = ""
    if fronted:
        preface = _lower_first(_words(fronted), fronted[0]) + ","
        preface = preface[:1].upper() + preface[1:]
        if _needs_context(fronted, set()):
            return []
    subject = next(c for c in root.children if c.dep_ in ("nsubj", "nsubjpass"))
    subject_phrase = _phrase_in(subject)
    if any(
        t.lower_ in _MARKER_WORDS and t.i < subject.i and t.dep_ != "det" for t in subject_phrase
    ):
        return []  # "Third, the rover …" parsed into the subject: no clean question
    subject_tokens: list[Token] | str = subject_phrase
    subject_ids = {t.i for t in subject_phrase}
    pronoun = (
        subject.pos_ == "PRON"
        or subject.lower_ in _CONTEXT_WORDS
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
        if role == "time" and any(t.lower_ in _DURATIONS or t.lower_ == "age" for t in answer):
            return  # "in about fifteen minutes" is how long, "at the age of 37" how old
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
        if _needs_context(answer, set()):
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
        wh = _wh_for(subject_tokens, subject, names)
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
        if wh is not None and rest and not _needs_context(rest, _bound_pronouns(rest, wh)):
            words = _singular_verb(rest, root, _words(rest))
            emit(_finish([_wh_phrase(wh), words], preface), subject_tokens, wh, "subject", subject)
        if _needs_context(subject_tokens, set()):
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
                clause = _invert(root, subject_tokens, rest_tokens)
                if clause is None or _needs_context(rest_tokens, _possessives(rest_tokens)):
                    continue
                question = _finish([f"How many {_words(noun_phrase)}", *clause], preface)
                emit(question, answer, wh, role, count)
                continue
            answer = _phrase_in(child)
            wh = _wh_for(answer, child, names)
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
            wh = _wh_for(answer, pobj, names)
            role = "prep_object"
            removed = {t.i for t in pobj.subtree}
        elif child.dep_ == "agent":
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is None:
                continue
            kind = _wh_for(_phrase_in(pobj), pobj, names)
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
        if _needs_context(rest_tokens, _possessives(rest_tokens)):
            continue
        if any(
            t.dep_ in ("conj", "cc") and (t.head.i in removed or t.head.i == root.i)
            for t in rest_tokens
            if t.i > child.i
        ):
            continue  # "the oxidant, not the fuel, but … the source": half a coordination
        clause = _invert(root, subject_tokens, rest_tokens)
        if clause is None:
            continue
        question = _finish([_wh_phrase(wh), *clause], preface)
        emit(question, answer, wh, role, child)
    return found


def relative_questions(sent: SpacySpan, names: Names) -> list[WhQuestion]:
    """ "The departure of Bolton, who opposed the DMZ meeting, …" → "Who opposed the DMZ
    meeting?" (Bolton): a relative clause on a named person ("who …") or organisation
    ("which …") is a whole finite clause about it, so it asks for the name without inversion.
    """
    found: list[WhQuestion] = []
    if not _acceptable_sentence(sent, max_words=80):  # the question is the clause alone
        return found
    inside = _bracketed(sent)
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
        wh = _wh_for(name, head, names)
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
        if len(clause) < 3 or _needs_context(clause, _bound_pronouns(clause, wh)):
            continue
        if any(t.lower_ in ("then", "later", "still", "also") for t in clause):
            continue  # "Who was then the American envoy?": then when?
        if any(t.dep_ == "relcl" and t.i != verb.i for t in clause):
            continue  # a clause within the clause
        question = _finish([_wh_phrase(wh), _words(clause)])
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
    if before or len(head) > 4 or _needs_context(rest + head, set()):
        return None
    question = _finish([f"How many {_words(head)} {root.lower_} there", _words(rest)])
    if len(question.split()) > _MAX_WORDS:
        return None
    start, end = count.idx, count.idx + len(count.text)
    return WhQuestion(question, count.text, start, end, "how many", "count", count.i)


def _wh_phrase(wh: str) -> str:
    return {"by whom": "By whom", "which organisation": "Which organisation"}.get(wh, wh)


def clause_question(sent: SpacySpan, wh: str, exclude: set[int]) -> str | None:
    """The sentence's main clause as a question opened by ``wh`` ("Why does X require Y?").

    Tokens in ``exclude`` (a because-clause, a connective) are left out; the first auxiliary,
    the copula or do-support goes before the subject as in any non-subject question. None when
    the sentence cannot be inverted safely.
    """
    parts = _main_parts(sent, exclude)
    if parts is None:
        return None
    root, body, fronted = parts
    if fronted and any(t.i in exclude for t in fronted):
        fronted = [t for t in fronted if t.i not in exclude]
    subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.pos_ == "PRON" or subject.lower_ in _CONTEXT_WORDS:
        return None
    subject_tokens = _phrase(subject, _bracketed(sent))
    subject_ids = {t.i for t in subject_tokens}
    rest = [t for t in body if t.i not in subject_ids and t.i not in exclude]
    while rest and rest[-1].is_punct:
        rest.pop()
    if not rest or _needs_context(rest + subject_tokens, set()):
        return None
    if any(
        t.dep_ == "conj"
        and t.head.i == root.i
        and any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children)
        for t in rest
    ):
        return None  # "why did Hardy arrange …, and Ramanujan arrived …?": a second clause
    clause = _invert(root, subject_tokens, rest)
    if clause is None:
        return None
    preface = ""
    if fronted:
        if _needs_context(fronted, set()):
            return None
        preface = _lower_first(_words(fronted), fronted[0]) + ","
        preface = preface[:1].upper() + preface[1:]
    question = _finish([wh, *clause], preface)
    return question if len(question.split()) <= _MAX_WORDS else None


def sentence_words(tokens: list[Token]) -> str:
    """Tokens as text, with their own spacing (for answers cut from a sentence)."""
    return _words(tokens)


def clause_words(tokens: list[Token]) -> str:
    """A clause cut from the start of a sentence, as text that can follow "Because ": its
    first word lower-cased unless it is a name."""
    text = _words(tokens)
    return _lower_first(text, tokens[0]) if tokens and tokens[0].is_sent_start else text
