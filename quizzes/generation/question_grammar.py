"""The grammar of a question made from a parsed clause: what the term stage knows about names
(:class:`Names`), the clause's parts (its root, its subject on, a fronted qualifier), the
wh-word for an answer phrase, and the question's word order (the first auxiliary, the copula or
do-support before the subject, with ``lemminflect``'s inflection).

:mod:`.questions` chooses what to ask with these; nothing here decides whether a question is
worth asking. Never raises.
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

_COMMON_ZIPF = 4.0  # a word at least this frequent is a common word, not a name
MARKER_WORDS = frozenset(
    ["so", "however", "further", "furthermore", "moreover", "therefore", "thus", "indeed",
     "instead", "also", "and", "but", "yet", "still", "besides", "meanwhile", "nevertheless",
     "nonetheless", "additionally", "consequently", "hence", "finally", "lastly", "first",
     "second", "third", "fourth", "fifth", "firstly", "secondly", "thirdly", "currently",
     "historically", "today", "now", "then", "later", "eventually", "recently"]
)  # fmt: skip
CONTEXT_WORDS = frozenset(
    ["it", "this", "that", "these", "those", "they", "them", "he", "she", "him", "her", "his",
     "its", "their", "such", "there", "here", "we", "our", "us", "i", "me", "my", "you",
     "your", "former", "latter", "above", "below", "none", "example", "similar", "later",
     "earlier", "previous"]
)  # fmt: skip
_PREFACE_DEPS = frozenset({"prep", "npadvmod", "advmod", "advcl"})
_CONNECTIVE_PHRASES = frozenset(
    ["as a result", "in addition", "for example", "for instance", "in contrast", "by contrast",
     "in fact", "in particular", "of course", "in other words", "on the other hand", "as such",
     "in turn", "above all", "after all", "at the same time"]
)  # fmt: skip
_MAX_PREFACE = 12  # tokens
_DO = {"VBD": "did", "VBZ": "does", "VBP": "do"}
_AUXILIARIES = frozenset(
    ["be", "have", "do", "will", "shall", "can", "could", "may", "might", "must", "would",
     "should", "ought", "need", "dare", "'ll", "'d", "'s", "'ve", "'re", "wo", "ca"]
)  # fmt: skip
_TITLES = frozenset(
    ["mr", "mrs", "miss", "ms", "dr", "professor", "prof", "sir", "dame", "lady", "lord",
     "president", "senator", "general", "captain", "colonel", "judge", "king", "queen"]
)  # fmt: skip


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


def text_of(tokens: list[Token]) -> str:
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


def lower_first(text: str, token: Token) -> str:
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


def phrase(token: Token, inside: set[int] | frozenset[int] = frozenset()) -> list[Token]:
    """The whole phrase headed by ``token``, without the bracketed tokens ``inside``, a trailing
    comma or punctuation."""
    tokens = [t for t in token.subtree if t.i not in inside]
    while tokens and tokens[-1].is_punct:
        tokens.pop()
    while tokens and tokens[0].is_punct:
        tokens.pop(0)
    return tokens


def main_parts(
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
            child.lower_ in MARKER_WORDS or child.dep_ in ("cc", "punct")
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
    inside = bracketed(sent)
    body = [t for t in tokens if t.i >= start and t.i not in inside]
    return root, body, moved


def bracketed(sent: SpacySpan) -> set[int]:
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
        token.lower_ in MARKER_WORDS
        or token.dep_ in ("cc", "punct")
        or (token.dep_ == "advmod" and token.head.i == root.i and token.lower_.endswith("ly"))
    )


def acceptable_sentence(sent: SpacySpan, max_words: int = 40) -> bool:
    text = sent.text.strip()
    if not text.endswith(".") or text.endswith("..."):
        return False
    if any(mark in text for mark in (":", '"', "“", "”", ";", "?", "!", "[")):
        return False
    if text.count("(") != text.count(")") or text.count("(") > 2:
        return False
    words = len(text.split())
    return 5 <= words <= max_words


def wh_for(tokens: list[Token], head: Token, names: Names) -> str | None:
    """The wh-word for an answer phrase, or None when none fits safely."""
    text = text_of(tokens)
    kind = names.kind(text) or names.kind(text_of([t for t in tokens if t.pos_ != "DET"]))
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


def invert(root: Token, subject_tokens: list[Token] | str, rest: list[Token]) -> list[str] | None:
    """Words of the question's clause after the wh-phrase, auxiliary first (or do-support)."""
    auxes = [c for c in root.children if c.dep_ in ("aux", "auxpass") and c.i < root.i]
    if auxes:
        first = auxes[0]
        if first.lower_ == "to" or first.lemma_.lower() not in _AUXILIARIES:
            return None  # "Samuel Gurney helped found …": "helped" parsed as an auxiliary
        others = [t for t in rest if t.i != first.i]
        return [first.lower_, _subject_text(subject_tokens), text_of(others)]
    if root.lemma_ == "be":
        others = [t for t in rest if t.i != root.i]
        return [root.lower_, _subject_text(subject_tokens), text_of(others)]
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
    text = text_of(tokens)
    return lower_first(text, tokens[0]) if tokens and tokens[0].is_sent_start else text


_SINGULAR = {"have": "has", "are": "is", "were": "was", "do": "does"}


def singular_verb(rest: list[Token], root: Token, words: str) -> str:
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


def finish(words: list[str], preface: str = "") -> str:
    text = " ".join(w for w in words if w).strip()
    text = re.sub(r"\s+([,.;:?!])", r"\1", text)
    text = re.sub(r",(\s*,)+", ",", text)
    text = re.sub(r"\s{2,}", " ", text).rstrip(",;: ")
    if preface:
        return f"{preface} {text[:1].lower() + text[1:]}?"
    return text[:1].upper() + text[1:] + "?"


def needs_context(tokens: list[Token], allowed: set[int]) -> bool:
    """True when a word of ``tokens`` points outside the question ("it", "this", "they",
    "the one guaranteeing …")."""
    return any(
        (
            t.lower_ in CONTEXT_WORDS
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


def possessives(tokens: list[Token]) -> set[int]:
    """ "its", "their", "his", "her" before a noun: with the subject named in the question,
    they read as the subject's ("How many teachers did the college employ in its first year?")."""
    return {t.i for t in tokens if t.lower_ in ("its", "their", "his", "her") and t.dep_ == "poss"}


def bound_pronouns(tokens: list[Token], wh: str | None) -> set[int]:
    """Pronouns that can only refer to the subject being asked for ("Who … with him?")."""
    bound = _BOUND.get(wh or "", frozenset(["its", "itself"]))
    return {t.i for t in tokens if t.lower_ in bound}


def wh_phrase(wh: str) -> str:
    return {"by whom": "By whom", "which organisation": "Which organisation"}.get(wh, wh)
