"""Mentions: the entities, noun phrases and numbers in a parsed sentence.

Each noun phrase is offered at up to three granularities (as written without its determiner,
without leading common adjectives, and as its compound head), because the term a teacher means
may be any of them; the term stage decides by salience.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from wordfreq import zipf_frequency

from .types import Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

_SKIP_LABELS = frozenset({"ORDINAL"})
_PROPER_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "LAW", "WORK_OF_ART",
     "LANGUAGE"}
)  # fmt: skip
_LEADING_JUNK = frozenset({"DET", "PRON", "PART", "ADV", "CCONJ", "PUNCT", "SCONJ", "ADP"})
_QUANTIFIERS = frozenset(
    [
        "all",
        "some",
        "any",
        "many",
        "much",
        "few",
        "several",
        "each",
        "every",
        "both",
        "such",
        "other",
        "another",
        "more",
        "most",
        "less",
        "no",
        "own",
        "same",
        "various",
        "certain",
    ]
)
_POSSESSIVE = ("'s", "’s", "'", "’")
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC", "NORP"})
# Prepositions after which a place is where something happens, not who acts.
_LOCATIVE = frozenset(
    ["in", "at", "from", "near", "across", "throughout", "inside", "outside", "around",
     "within", "into", "through", "via", "along", "beyond", "toward", "towards"]
)  # fmt: skip


def _is_stop(token: Token) -> bool:
    """A stop word, unless written as an acronym: "US" is not "us"."""
    return token.is_stop and not (token.text.isupper() and len(token.text) > 1)


def _trim(tokens: list[Token]) -> list[Token]:
    poss_end = max((t.right_edge.i for t in tokens if t.dep_ == "poss"), default=-1)
    tokens = [t for t in tokens if t.i > poss_end]
    while tokens and (
        tokens[0].pos_ in _LEADING_JUNK
        or tokens[0].lower_ in _QUANTIFIERS
        or tokens[0].lower_ in _POSSESSIVE
    ):
        tokens = tokens[1:]
    while tokens and (tokens[-1].pos_ in ("PUNCT", "PART") or tokens[-1].lower_ in _POSSESSIVE):
        tokens = tokens[:-1]
    return tokens


def key_of(tokens: list[Token]) -> str:
    """The grouping key of a phrase: lower case, head noun lemmatised ("Summits" → "summit")."""
    words = [t.lower_ for t in tokens]
    last = tokens[-1]
    if last.pos_ == "NOUN" and last.lemma_:
        words[-1] = last.lemma_.lower()
    elif (
        last.tag_ == "NNPS"
        or (last.tag_ == "NNP" and last.text[-1:] == "s" and last.text.istitle())
    ) and (words[-1].endswith("s") and not words[-1].endswith("ss") and len(words[-1]) > 3):
        # "Summits" tagged as a proper noun still names many summits.
        words[-1] = words[-1][:-1]
    return " ".join(words).replace(" - ", "-")


def _conjunct_head(token: Token) -> Token:
    """The first phrase of a coordination ("Paris" for "Lyon" in "in Paris and Lyon")."""
    for _ in range(4):
        if token.dep_ != "conj" or token.head.i == token.i:
            break
        token = token.head
    return token


def place_role(token: Token) -> str:
    """How a place is used: "actor", "location", or "" when the parse does not tell.

    An actor is a subject, a possessor ("Japan's"), or a modifier of a noun ("US policy");
    a location follows "in", "at", "from" and the like. A conjunct takes the role of the
    phrase it is joined to ("in Paris and Lyon").
    """
    token = _conjunct_head(token)
    dep = token.dep_
    if dep in ("nsubj", "nsubjpass", "poss", "agent") or any(
        child.dep_ == "case" for child in token.children
    ):
        return "actor"
    if dep in ("compound", "amod", "nmod") and token.head.pos_ in ("NOUN", "PROPN"):
        return "actor"
    if dep == "pobj" and token.head.lower_ in _LOCATIVE:
        return "location"
    return ""


def span_of_tokens(doc: Doc, start: int, end: int, label: str = "NP", text: str = "") -> Span:
    """A :class:`Span` for tokens ``start:end`` of ``doc`` (surface text sliced from the doc).

    Pass the document's ``text`` when calling in a loop: ``doc.text`` rebuilds the whole string.
    """
    tokens = list(doc[start:end])
    last = tokens[-1]
    text = text or doc.text
    root = doc[start:end].root
    role = ""
    article = ""
    if label in _PLACE_LABELS:
        role = "actor" if label == "NORP" else place_role(root)
        before = doc[start - 1] if start > 0 else None
        if before is not None and before.lower_ in ("a", "an"):
            article = "other"  # "a US official": "a"/"an" must agree with the next sound
        elif _conjunct_head(root).dep_ in ("compound", "amod", "nmod", "poss"):
            article = "mod"
        elif before is not None and before.lower_ == "the":
            article = "the"
        elif before is not None and before.dep_ == "det":
            article = "other"  # "this Japan": no name fits after another determiner
        else:
            article = "bare"
    return Span(
        start=tokens[0].idx,
        end=last.idx + len(last.text),
        text=text[tokens[0].idx : last.idx + len(last.text)],
        label=label,
        plural=last.tag_ in ("NNS", "NNPS"),
        proper=label in _PROPER_LABELS or any(t.pos_ == "PROPN" for t in tokens),
        key=key_of(tokens),
        head=root.i,
        role=role,
        article=article,
    )


def mentions_in(
    sent: SpacySpan, ents: list[SpacySpan], chunks: list[SpacySpan], text: str
) -> list[Span]:
    """Entities, noun phrases (at several granularities) and numbers in one sentence.

    ``ents`` and ``chunks`` are the document's entities and noun chunks inside the sentence
    (computed once per document: ``Span.ents``/``Span.noun_chunks`` rescan the whole document).
    """
    doc = sent.doc
    found: dict[tuple[int, int], Span] = {}

    def add(tokens: list[Token], label: str) -> None:
        tokens = _trim(tokens)
        if not tokens:
            return
        if all(_is_stop(t) or not t.is_alpha for t in tokens) and not any(
            t.like_num for t in tokens
        ):
            return
        if len(tokens) == 1 and tokens[0].pos_ == "PRON":
            return
        first = tokens[0]
        if first.i > 0 and not doc[first.i - 1].whitespace_ and doc[first.i - 1].text in "-/–":
            return  # "un" of "Jong-un", "time" of "real-time": not a phrase of its own
        if label == "NP" and first.ent_iob_ == "I":
            return
        bounds = (tokens[0].i, tokens[-1].i + 1)
        if bounds not in found or (found[bounds].label == "NP" and label != "NP"):
            found[bounds] = span_of_tokens(doc, bounds[0], bounds[1], label, text)

    for ent in ents:
        if ent.label_ not in _SKIP_LABELS:
            add(list(ent), ent.label_)
    for chunk in chunks:
        tokens = _trim(list(chunk))
        if not tokens:
            continue
        add(tokens, "NP")
        if not any(t.text == "," for t in tokens):
            # Without leading common adjectives: "recent missile tests" → "missile tests".
            stripped = list(tokens)
            while (
                len(stripped) > 1
                and stripped[0].pos_ in ("ADJ", "VERB", "NUM")
                and stripped[0].ent_type_ == ""
                and zipf_frequency(stripped[0].lower_, "en") >= 4.0
            ):
                stripped = stripped[1:]
            if stripped != tokens:
                add(stripped, "NP")
        # The compound head: "North Korean missile tests" → "missile tests".
        head = chunk.root
        compound = [head]
        for token in reversed(tokens[:-1]):
            if (
                (token.dep_ == "compound" and token.head.i == compound[0].i)
                or token.text == "-"
                or (compound[0].text == "-" and token.dep_ in ("amod", "npadvmod"))
            ):
                compound.insert(0, token)
            else:
                break
        if compound != tokens and compound and compound[-1].i == tokens[-1].i:
            add(compound, "NP")
    for token in sent:
        if token.like_num and not token.ent_type_ and token.pos_ == "NUM":
            add([token], "CARDINAL")
    return [found[key] for key in sorted(found)]


def content_lemmas(sent: SpacySpan) -> list[str]:
    """Lower-cased lemmas of the content words of a sentence (for sentence similarity)."""
    lemmas = []
    for token in sent:
        if token.pos_ in ("NOUN", "PROPN", "VERB", "ADJ", "NUM") and not _is_stop(token):
            lemma = token.lower_ if token.pos_ == "PROPN" else token.lemma_.lower()
            if len(lemma) > 1 and any(ch.isalnum() for ch in lemma):
                lemmas.append(lemma)
    return lemmas
