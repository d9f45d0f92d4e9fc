"""What every item generator needs: the analysis, terms, claims, distractors, and blanks.

A *blank* is a span of a claim worth asking about (a key term, a number, an informative noun
phrase), located in the claim's own text so a prompt can be cut around it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from wordfreq import zipf_frequency

from ..answers import candidates
from ..centrality import sentence_centrality
from ..claims import Enumeration, main_clause, render, resolve_pronoun
from ..distractors import DistractorPool, overlaps
from ..nlp import Analysis
from ..question_grammar import Names
from ..terms import NUMERIC_LABELS
from ..types import Claim, Evidence, Sentence, Term

if TYPE_CHECKING:
    from spacy.tokens import Token

BLANK = "_____"
_SPAN_MIDPOINT = 1.0  # answer-model log-odds that count as an even chance (tuned by eye)
LONG_CLAIM = 35  # words: longer claims are cut to their main clause for items, or skipped
_GENERIC_HEAD = 5.4  # zipf of "side", "way", "part", "number", "level"
_GENERIC_LONE_NOUN = 4.8  # zipf of "approach", "policy", "position" on their own
_FUNCTION_START = frozenset(
    [
        "the",
        "a",
        "an",
        "all",
        "some",
        "there",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "many",
        "most",
        "both",
        "each",
        "any",
        "no",
        "one",
        "in",
        "on",
        "for",
        "with",
        "as",
        "while",
        "when",
        "if",
        "although",
        "despite",
        "by",
        "after",
        "before",
        "during",
        "since",
        "what",
        "currently",
        "historically",
        "recently",
        "today",
        "instead",
        "however",
        "his",
        "her",
        "their",
        "our",
    ]
)


ESSAY_SHARE = 0.1
_MAIN_FIGURE = 0.75  # of the most named person's uses
_ANAPHORIC_HEADS = frozenset(["one", "other", "first", "last", "former", "latter", "same"])
_FIRST_PERSON = re.compile(r"\b(?:I|[Ww]e|[Mm]y|[Oo]ur|us)\b")
# The author in a sentence ("US" taken out first): told of "the author", or not asked at all.
FIRST_PERSON = re.compile(r"\b(?:I|me|my|mine|we|our|us)\b")


@dataclass(frozen=True)
class Blank:
    """A span of a claim's text that an item can hide and ask for."""

    start: int
    end: int
    text: str
    label: str
    plural: bool
    term: Term | None
    weight: float
    role: str = ""  # places: how the document uses the answer ("actor"/"location")
    article: str = ""  # places: "the", "bare", "mod" — what a swapped-in name must fit


@dataclass
class ItemContext:
    """Shared, read-only inputs of the item generators for one document."""

    analysis: Analysis
    terms: list[Term]
    claims: list[Claim]
    enumerations: list[Enumeration]
    pool: DistractorPool
    centrality: list[float] = field(default_factory=list)
    all_terms: list[Term] = field(default_factory=list)
    _by_form: dict[str, Term] = field(default_factory=dict)
    _lower_words: set[str] = field(default_factory=set)
    _candidates: Any = None
    _blanks: dict[tuple[int, str], list[Blank]] = field(default_factory=dict)
    topic: frozenset[str] = frozenset()
    names: Names = field(default_factory=lambda: Names({}))
    _starts: dict[int, int] = field(default_factory=dict)
    _word_index: dict[str, set[int]] = field(default_factory=dict)
    # An essay: the author speaks in the first person in at least ESSAY_SHARE of the sentences,
    # so every statement is the author's (Paine's "Society in every state is a blessing" judged
    # as a plain fact was rejected in round 1 as "opinion stated as fact").
    essay: bool = False
    _main_figures: frozenset[str] | None = None

    def __post_init__(self) -> None:
        for term in reversed(self.terms):
            for form in term.forms():
                self._by_form[form.lower()] = term
        self._lower_words = set(re.findall(r"\b[a-z][a-z'-]*\b", self.analysis.document.text))
        if not self.centrality:
            self.centrality = sentence_centrality(self.analysis.sentences)
        if not self.all_terms:
            self.all_terms = list(self.terms)
        self._candidates = candidates(self.analysis, self.centrality, self.all_terms)
        self.topic = topic_lemmas(self.analysis)
        self.names = Names.from_terms(self.all_terms)
        body = [s for s in self.analysis.sentences if not s.heading]
        first_person = sum(bool(_FIRST_PERSON.search(s.text)) for s in body)
        self.essay = len(body) >= 5 and first_person >= ESSAY_SHARE * len(body)

    def span_score(self, start: int, end: int) -> float:
        """How likely a reader is to be asked about this phrase (0–1; 0.3 when unscored)."""
        span = self._candidates.at(start, end)
        if span is None:
            return 0.3
        return 1.0 / (1.0 + math.exp(-(span.score - _SPAN_MIDPOINT)))

    def is_topic(self, text: str) -> bool:
        """True when every content word of ``text`` is the article's topic or in its title
        (or a demonym of one: "Victorian" in an article about Victoria)."""
        words = [w for w in re.findall(r"[^\W\d_]+", text.lower()) if w not in _FUNCTION_START]
        lemmas = {crude_lemma(w) for w in words}
        return bool(lemmas) and all(
            lemma in self.topic
            or any(
                len(topic) >= 4 and lemma.startswith(topic[:-1]) and len(lemma) - len(topic) <= 3
                for topic in self.topic
            )
            for lemma in lemmas
        )

    def is_main_figure(self, name: str) -> bool:
        """True when ``name`` ends with the surname of a person the article is most about: one
        the text names (nearly) as often as its most named person. Two people named about as
        often (a partnership) are both main figures. Asked "who did X?", a reader names them
        without reading."""
        if self._main_figures is None:
            surnames = sorted(
                {
                    form.split()[-1]
                    for term in self.terms
                    if term.kind == "PERSON"
                    for form in term.forms()
                    if len(form.split()) >= 2
                }
            )
            text = self.analysis.doc.text
            uses = {s: len(re.findall(rf"\b{re.escape(s)}\b", text)) for s in surnames}
            most = max(uses.values(), default=0)
            self._main_figures = frozenset(
                s for s, count in uses.items() if most and count >= _MAIN_FIGURE * most
            )
        words = name.split()
        return bool(words) and words[-1] in self._main_figures

    def central(self, sentence: int) -> float:
        return self.centrality[sentence] if 0 <= sentence < len(self.centrality) else 0.0

    def term_for(self, text: str) -> Term | None:
        return self._by_form.get(text.lower())

    def evidence_of(self, claim: Claim) -> Evidence:
        return claim.evidence

    def frame(self, claim: Claim, text: str) -> str:
        """Opinions, and every statement of an essay, are the author's: "According to the
        author, …"; facts stay as they are."""
        if claim.stance != "opinion" and not self.essay:
            return text
        if text.startswith(("According to the author", "The author")):
            return text
        return "According to the author, " + self.lower_first(text, claim.sentence)

    def lower_first(self, text: str, sentence: int = -1) -> str:
        """Lower-case a sentence's first word when it is an ordinary word, never a name."""
        first = text.split(" ", 1)[0]
        bare = first.strip(",;:")
        if bare.lower() in _FUNCTION_START or (
            bare[:1].isupper() and not bare.isupper() and bare.lower() in self._lower_words
        ):
            return text[:1].lower() + text[1:]
        if 0 <= sentence < len(self.analysis.sentences) and bare[:1].isupper():
            # The parse knows: "Epidemics" opening a sentence is a common noun, not a name.
            found = self.analysis.sentences[sentence]
            for token in self.analysis.doc[found.token_start : found.token_end]:
                if token.text == bare:
                    if token.tag_ in ("NN", "NNS", "JJ", "DT", "RB", "IN") and not token.ent_type_:
                        return text[:1].lower() + text[1:]
                    break
        return text

    def not_a_statement(self, claim: Claim) -> bool:
        """True when the claim's sentence is no statement to judge or complete: an instruction
        ("Open the brake release …") or a fragment with no subject ("A pump that fits the valve
        on your tube.", a list item). Round-1 raters called these ungrammatical as true/false."""
        if not 0 <= claim.sentence < len(self.analysis.sentences):
            return False
        sentence = self.analysis.sentences[claim.sentence]
        span = self.analysis.doc[sentence.token_start : sentence.token_end]
        root = span.root
        if root.pos_ not in ("VERB", "AUX"):
            return True
        first = next((t for t in span if not t.is_punct and not t.like_num), None)
        if first is not None and first.tag_ == "VB" and first.dep_ in ("ROOT", "advcl", "ccomp"):
            return True  # "Witness the present war …": an instruction, however it goes on
        if first is not None and (sentence.bullet or first.i > span.start) and _imperative(first):
            return True  # "5. Rub palm to palm …": a step, whatever the tagger made of "Rub"
        if re.match(r"^[\"“].*[\"”][.!?]?$", sentence.text.strip()):
            return True  # a whole sentence in quotation marks: someone's words, not a fact
        if re.match(r"^[^:.;]{1,30}:\s", sentence.text):
            return True  # "Electrical power: the crew switched off …": a labelled list item
        subject = any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for c in root.children)
        return not subject or (
            root.tag_ == "VB" and not any(c.dep_ in ("aux", "auxpass") for c in root.children)
        )

    def points_outside(self, claim: Claim) -> bool:
        """True when the claim's sentence leans on an earlier one: a demonstrative ("this
        hypothesis", "that policy") or a personal pronoun with no noun before it in the
        sentence. A leading pronoun the claim already resolved does not count."""
        if not 0 <= claim.sentence < len(self.analysis.sentences):
            return needs_context(claim.text)
        sentence = self.analysis.sentences[claim.sentence]
        seen_noun = seen_name = False
        skipped = claim.resolved_from is None
        span = self.analysis.doc[sentence.token_start : sentence.token_end]
        if any(
            t.dep_ in ("nsubj", "nsubjpass")
            and t.lower_ in _ANAPHORIC_HEADS
            and any(c.lower_ == "the" for c in t.children)
            for t in span
        ):
            return True  # "The one encourages …, the other creates …", "The latter …"
        if any(t.dep_ in ("nsubj", "nsubjpass") and t.lower_ == "others" for t in span):
            return True  # "Others include forgetting the thumbs …": others than which?
        root = span.root
        if re.match(r"^(?:There|Here|Then),", sentence.text):
            return True  # "There, ultraviolet light breaks them apart": there, where?
        for token in span:
            lower = token.lower_
            if lower in ("above", "below") and token.head.pos_ == "NOUN" and token.i > token.head.i:
                return True  # "the method above"
            if (
                lower in _PERSONAL
                and token.pos_ == "PRON"
                and token.dep_ in ("nsubj", "nsubjpass")
                and token.head.i == root.i
                and (skipped or token.i != span.start)
                and not any(
                    t.dep_ == "relcl" and t.i < token.i and t.head.i < token.i for t in span
                )
            ):
                # "Under a new chief executive, Jørgen Vig Knudstorp, it cut costs": the main
                # clause's subject is "it", whatever nouns came before it.
                return True
            if lower in _DEMONSTRATIVES and (
                token.dep_ == "det" or (token.pos_ == "PRON" and token.tag_ == "DT")
            ):
                return True  # "this hypothesis", "that policy", "That remains …"
            following = token.nbor(1).lower_ if token.i + 1 < span.end else ""
            if (
                lower in ("such", "same")
                and token.dep_ in ("amod", "predet")
                and following != "as"
                and not any(t.lower_ == "as" for t in token.head.subtree if t.i > token.i)
            ):
                return True  # "made such measurements", "plotted on the same maps"
            if lower == "there" and token.dep_ == "advmod":
                return True  # "earned a master's degree there": where?
            if lower in _PERSONAL and token.pos_ == "PRON":
                if not skipped:
                    skipped = True
                    continue
                if not seen_noun and token.dep_ != "expl":
                    return True
                if lower in _PERSON_PRONOUNS and not seen_name:
                    # "The rivalry between his supporters and Young's …", "Only two years later
                    # the institute adopted his system": no one named before "his" to be him.
                    return True
            if token.pos_ in ("NOUN", "PROPN"):
                seen_noun = True
            if token.pos_ == "PROPN" or token.ent_type_ == "PERSON":
                seen_name = True
        return False

    def concise(self, claim: Claim) -> Claim | None:
        """The claim as an item should state it: itself when short, else its main clause.

        Over :data:`LONG_CLAIM` words a trailing aside or added clause is cut (see
        :func:`claims.main_clause`); when no clean cut exists the claim is skipped (None)
        rather than truncated mid-phrase. Evidence stays the whole sentence.
        """
        if len(claim.text.split()) <= LONG_CLAIM:
            return claim
        if not 0 <= claim.sentence < len(self.analysis.sentences):
            return None
        sentence = self.analysis.sentences[claim.sentence]
        short = main_clause(self.analysis, sentence, LONG_CLAIM)
        if short is None:
            return None
        resolution = resolve_pronoun(sentence, self.analysis) if claim.resolved_from else None
        text = render(short, resolution)
        if len(text.split()) > LONG_CLAIM or text == claim.text:
            return None
        return replace(claim, text=text)

    def concise_text(
        self, sentence: Sentence, resolution: tuple[str, str] | None, max_words: int = 25
    ) -> str | None:
        """The sentence cut to its main clause (markers stripped, pronoun resolved), or None."""
        short = main_clause(self.analysis, sentence, max_words)
        return None if short is None else render(short, resolution)

    def sentence_at(self, start: int) -> int:
        """The index of the sentence starting at ``start`` (-1 if none)."""
        if not self._starts:
            self._starts = {s.start: s.index for s in self.analysis.sentences}
        return self._starts.get(start, -1)

    def sentences_with(self, phrase: str) -> list[int]:
        """Indexes of the sentences holding every word of ``phrase`` (an inverted index)."""
        if not self._word_index:
            for sentence in self.analysis.sentences:
                for word in set(re.findall(r"[^\W_]+", sentence.text.lower())):
                    self._word_index.setdefault(word, set()).add(sentence.index)
        words = re.findall(r"[^\W_]+", phrase.lower())
        if not words:
            return []
        found = set.intersection(*(self._word_index.get(w, set()) for w in words))
        return sorted(found)

    def blanks(self, claim: Claim) -> list[Blank]:
        """Spans of ``claim.text`` worth blanking, best first; each occurs once in the claim."""
        key = (claim.sentence, claim.text)
        if key not in self._blanks:
            self._blanks[key] = self._find_blanks(claim)
        return list(self._blanks[key])

    def _find_blanks(self, claim: Claim) -> list[Blank]:
        sentence = self.analysis.sentences[claim.sentence]
        text = claim.text
        found: dict[tuple[int, int], Blank] = {}
        for mention in sentence.mentions:
            surface = mention.text
            if len(surface.split()) > 6 or len(surface) > 0.5 * len(text):
                continue
            position = text.find(surface)
            if position < 0 or text.find(surface, position + 1) >= 0:
                continue
            before = text[position - 1 : position]
            after = text[position + len(surface) : position + len(surface) + 1]
            if (before and before.isalnum()) or (after and after.isalnum()):
                continue
            term = self.term_for(surface)
            if (term is None or term.kind == "NP") and mention.label == "NP" and _generic(surface):
                continue  # "the North Korean side": the blank would ask for a filler word
            if term is not None:
                weight = term.score
            elif mention.label in NUMERIC_LABELS or mention.label != "NP":
                weight = 0.45
            elif len(surface.split()) >= 2:
                weight = 0.3
            else:
                continue
            if term is not None and any(
                form != surface
                and overlaps(form, text[:position] + text[position + len(surface) :])
                for form in term.forms()
                if len(form) > 3
            ):
                continue  # another name for the answer stays in the sentence: it would leak
            found[(position, position + len(surface))] = Blank(
                position,
                position + len(surface),
                surface,
                mention.label,
                mention.plural,
                term,
                weight,
                role=(term.role if term is not None and term.role else mention.role),
                article=mention.article,
            )
        blanks = sorted(found.values(), key=lambda b: (-b.weight, b.start, -b.end))
        chosen: list[Blank] = []
        for blank in blanks:
            if not any(blank.start < other.end and other.start < blank.end for other in chosen):
                chosen.append(blank)
        return chosen

    def with_blank(self, claim: Claim, blank: Blank) -> str:
        text = claim.text[: blank.start] + BLANK + claim.text[blank.end :]
        return self.frame(claim, text)

    def accepted(self, blank: Blank) -> tuple[str, ...]:
        """The answer and its aliases, for typed answers."""
        forms = [blank.text]
        if blank.term is not None:
            forms.extend(f for f in blank.term.forms() if f.lower() != blank.text.lower())
        seen: set[str] = set()
        out = []
        for form in forms:
            if form.lower() not in seen:
                seen.add(form.lower())
                out.append(form)
        return tuple(out)

    def distractors(self, blank: Blank, count: int = 3, claim: Claim | None = None) -> list[str]:
        """Wrong answers for ``blank``; none that already appears elsewhere in the claim."""
        avoid = blank.term.forms() if blank.term is not None else ()
        label = blank.term.kind if blank.term is not None and blank.label == "NP" else blank.label
        if label == "ACRONYM":
            label = "NP"
        found = self.pool.distractors_for(
            blank.text,
            label,
            plural=blank.plural,
            avoid=avoid,
            count=count + 4,
            role=blank.role,
            article=blank.article,
        )
        if claim is not None:
            rest = claim.text[: blank.start] + " | " + claim.text[blank.end :]
            found = [text for text in found if not overlaps_in_text(text, rest)]
        return found[:count]


def crude_lemma(word: str) -> str:
    """A crude lemma for topic matching: "summits" → "summit", "koreans" → "korean"."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def topic_lemmas(analysis: Analysis) -> frozenset[str]:
    """The title's words and the lemmas a large share of sentences mention: the article's topic.

    Asking for them tests nothing ("_____ has maintained …" in an article about North Korea).
    """
    title = analysis.document.title.lower()
    found = {crude_lemma(w) for w in re.findall(r"[^\W\d_]+", title) if w not in _FUNCTION_START}
    sentences = [s for s in analysis.sentences if not s.heading]
    if len(sentences) >= 4:
        counts: dict[str, int] = {}
        for sentence in sentences:
            for lemma in {crude_lemma(w) for w in sentence.lemmas}:
                counts[lemma] = counts.get(lemma, 0) + 1
        found |= {lemma for lemma, count in counts.items() if count >= 0.3 * len(sentences)}
    return frozenset(found)


def _generic(phrase: str) -> bool:
    """True for a noun phrase whose head is a filler word ("side", "way", "part", "number").

    Measured by how common the head word is (wordfreq zipf): a very common head says little,
    and a lone noun must be rarer still to be worth asking for.
    """
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", phrase)
    if not words or words[-1].isupper():
        return False
    head = zipf_frequency(words[-1].lower(), "en")
    return head >= _GENERIC_HEAD or (len(words) == 1 and head >= _GENERIC_LONE_NOUN)


def overlaps_in_text(phrase: str, text: str) -> bool:
    """True when any word of ``phrase`` longer than three letters occurs in ``text``."""
    words = {w for w in re.findall(r"[a-z0-9]+", phrase.lower()) if len(w) > 3}
    return bool(words & set(re.findall(r"[a-z0-9]+", text.lower())))


_DEMONSTRATIVES = frozenset(["this", "that", "these", "those", "such"])
_PERSONAL = frozenset(["it", "they", "them", "he", "she", "him", "her", "his", "its", "their"])
_PERSON_PRONOUNS = frozenset(["he", "she", "him", "her", "his"])
_POINTERS = re.compile(
    r"\b(?:it|they|them|this|these|those|he|she|such)\b(?! (?:is|was) (?:clear|likely))",
    re.IGNORECASE,
)


def _imperative(token: Token) -> bool:
    """A verb's base form opening a step, followed by what it acts on: "Rub palm to palm",
    "Wet your hands" (the tagger took "Rub" for a person's name). "Bill Gates …" is no step:
    a name follows."""
    from lemminflect import getAllLemmas

    word = token.lower_
    lemmas = getAllLemmas(word, upos="VERB").get("VERB", ())
    return (
        word in lemmas
        and token.i + 1 < len(token.doc)
        and token.nbor(1).pos_ in ("DET", "PRON", "NOUN", "ADP", "ADV", "ADJ")
    )


def needs_context(text: str) -> bool:
    """True when a statement points outside itself ("this hypothesis", "before it reached")."""
    return bool(_POINTERS.search(text))


_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+(?=\S)")


def distinct_answers(forms: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """The accepted answers, each once: forms that differ only in case, punctuation, spacing or
    a leading article ("a lack of X" / "lack of X") are one answer, since typed answers are
    matched that way (``quizzes.bank.scoring``); the first form of each is kept."""
    seen: set[str] = set()
    out = []
    for form in forms:
        form = form.strip()
        key = _LEADING_ARTICLE.sub("", " ".join(re.findall(r"\w+", form.casefold())))
        if key and key not in seen:
            seen.add(key)
            out.append(form)
    return tuple(out)


def cite(evidence: Evidence) -> str:
    """The explanation's citation of the source sentence."""
    return f"The article says: “{evidence.text}”"
