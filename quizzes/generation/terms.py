"""Key-term stage: mentions → merged, ranked :class:`Term`s with definitions.

What goes in: the :class:`Analysis` and the sentence centrality scores.
What comes out: every candidate term (best first), each with its aliases and, when the text
gives one, a definition. Never raises.

Aliases are merged by general rules: case and number variants share a key; titles are
stripped from person names ("President Trump" → "Trump") and a lone surname joins the full name
that ends with it; a demonym joins its place ("North Koreans" → "North Korea"); an acronym joins
its expansion, whether the text spells it out in brackets or the initials simply match; phrases
with the same content words ("complete, verifiable and irreversible denuclearization") merge.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from wordfreq import zipf_frequency

from .definitions import bracketed_acronyms, find_definitions
from .nlp import Analysis
from .types import Evidence, Span, Term

_PLACE_KINDS = frozenset({"GPE", "LOC", "FAC"})
# Tuned on the answer-key bench (bench/answer_keys.py: even paragraphs to tune, odd ones to
# check): people, facilities, events and laws are asked about more than their frequency
# suggests; a lone common noun less.
_ASKED_KINDS = frozenset({"PERSON", "FAC", "EVENT", "LAW"})
_ASKED_KIND_BONUS = 0.10
_GENERIC_NOUN_PENALTY = 0.05
_GENERIC_FREQ_PENALTY = 0.03
NUMERIC_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "PERCENT", "MONEY", "QUANTITY"})
_ENTITY_WEIGHT = {
    "PERSON": 1.0, "ORG": 1.0, "GPE": 0.9, "NORP": 0.8, "EVENT": 1.0, "LAW": 1.0, "FAC": 0.9,
    "LOC": 0.9, "PRODUCT": 0.9, "WORK_OF_ART": 0.9, "LANGUAGE": 0.7, "ACRONYM": 1.0,
}  # fmt: skip
_TITLES = frozenset(
    [
        "president",
        "vice",
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "professor",
        "sir",
        "dame",
        "lord",
        "lady",
        "general",
        "gen",
        "colonel",
        "captain",
        "leader",
        "chairman",
        "chairwoman",
        "chair",
        "minister",
        "prime",
        "secretary",
        "senator",
        "governor",
        "king",
        "queen",
        "prince",
        "princess",
        "pope",
        "saint",
        "st",
        "advisor",
        "adviser",
        "ambassador",
        "judge",
        "justice",
        "chancellor",
        "mayor",
        "rep",
        "representative",
        "director",
        "chief",
        "ceo",
        "former",
        "late",
    ]
)
# How a demonym ends, after the place name minus its last letter ("Korea" → "Korean").
_ANY_ENDING = frozenset({"n", "an", "ian", "ese", "i", "ish", "er"})
_DEMONYM_ENDINGS = {
    "a": frozenset({"an", "n", "ese", "ian"}),
    "y": frozenset({"ian", "ish", "an"}),
    "e": frozenset({"ean", "en", "ian", "an", "ese"}),
}
_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "and",
        "or",
        "for",
        "to",
        "in",
        "on",
        "at",
        "by",
        "with",
        "from",
        "as",
        "is",
        "are",
        "be",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "their",
        "his",
        "her",
        "our",
        "your",
    ]
)


@dataclass
class _Group:
    key: str
    label_votes: Counter[str] = field(default_factory=Counter)
    forms: Counter[str] = field(default_factory=Counter)
    mentions: list[tuple[int, Span]] = field(default_factory=list)  # (sentence index, span)
    members: list[str] = field(default_factory=list)
    acronym_defined: str | None = None  # the acronym, when the text spelled it out in brackets

    @property
    def label(self) -> str:
        if any(form.islower() for form in self.forms):
            return "NP"  # written in lower case somewhere: a common noun, whatever NER said
        entity = [(count, label) for label, count in self.label_votes.items() if label != "NP"]
        if entity:
            return max(entity)[1]
        return "NP"


def extract_terms(analysis: Analysis, centrality: list[float]) -> list[Term]:
    """Merge mentions into terms and rank them by salience (best first)."""
    groups: dict[str, _Group] = {}
    for sentence in analysis.sentences:
        if sentence.heading:
            continue
        for mention in sentence.mentions:
            if mention.label in NUMERIC_LABELS or mention.key in _STOP:
                continue
            group = groups.setdefault(mention.key, _Group(mention.key))
            group.label_votes[mention.label] += 1
            group.forms[mention.text] += 1
            group.mentions.append((sentence.index, mention))
    parent = {key: key for key in groups}

    def find(key: str) -> str:
        parent.setdefault(key, key)  # an acronym may be added as a group of its own
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    def union(alias: str, main: str) -> None:
        a, b = find(alias), find(main)
        if a != b:
            parent[a] = b

    _merge_aliases(groups, union, analysis)
    merged: dict[str, _Group] = {}
    for key in sorted(groups):
        root = find(key)
        target = merged.setdefault(root, _Group(root))
        source = groups[key]
        target.label_votes.update(source.label_votes)
        target.forms.update(source.forms)
        target.mentions.extend(source.mentions)
        target.members.append(key)
        target.acronym_defined = target.acronym_defined or source.acronym_defined
    definitions = find_definitions(analysis)
    sentence_count = max(len(analysis.sentences), 1)
    terms = []
    for group in merged.values():
        term = _term_of(group, analysis, centrality, definitions, sentence_count)
        if term is not None:
            terms.append(term)
    terms.sort(key=lambda term: (-term.score, term.text))
    return _drop_nested(terms)


def _merge_aliases(
    groups: dict[str, _Group], union: Callable[[str, str], None], analysis: Analysis
) -> None:
    people = {k: g for k, g in groups.items() if g.label == "PERSON"}
    places = {k: g for k, g in groups.items() if g.label in ("GPE", "LOC")}
    # Titles: "president trump" → "trump"; then a lone surname joins the one full name.
    stripped: dict[str, str] = {}
    for key in sorted(groups):
        words = key.split()
        while len(words) > 1 and words[0].rstrip(".") in _TITLES:
            words = words[1:]
        if len(words) < len(key.split()) and (key in people or " ".join(words) in people):
            stripped[key] = " ".join(words)
    for key, bare in stripped.items():
        if bare in groups:
            union(key, bare)
        else:
            full = [p for p in people if p.split()[-1] == bare and len(p.split()) > 1]
            if len(full) == 1:
                union(key, full[0])
    for key in sorted(people):
        words = key.split()
        if len(words) == 1:
            full = sorted(
                (p for p in people if len(p.split()) > 1 and p.split()[-1] == words[0]),
                key=lambda p: (-sum(people[p].forms.values()), p),
            )
            if not full:
                # Family name first ("Kim" of "Kim Jong-un"), when only one full name fits.
                full = [p for p in people if len(p.split()) > 1 and p.split()[0] == words[0]]
                full = full if len(full) == 1 else []
            if full:
                union(key, full[0])
    # Demonyms: "north koreans" / "north korean" → "north korea".
    for key, group in sorted(groups.items()):
        if group.label == "NP" or key in places:
            continue
        singular = key[:-1] if key.endswith("s") else key
        for place in sorted(places):
            if (
                len(place) >= 4
                and singular.startswith(place[:-1])
                and 1 <= len(singular) - len(place) <= 3
                and singular[len(place) - 1 :] in _DEMONYM_ENDINGS.get(place[-1], _ANY_ENDING)
            ):
                union(key, place)
                break
    # Acronyms spelled out in brackets, then acronyms whose initials match a capitalised name.
    for acronym, ekey, _, _ in bracketed_acronyms(analysis):
        akey = acronym.lower()
        groups.setdefault(akey, _Group(akey)).acronym_defined = acronym
        if ekey in groups:
            union(ekey, akey)
    acronyms = {k for k, g in groups.items() if any(f.isupper() and len(f) >= 2 for f in g.forms)}
    for key, group in sorted(groups.items()):
        form = group.forms.most_common(1)[0][0] if group.forms else ""
        words = [w for w in form.split() if w[:1].isupper()]
        if len(words) >= 2 and len(words) == len(form.split()):
            initials = "".join(w[0] for w in words).lower()
            if initials in acronyms and initials != key:
                union(initials, key)
    # Same content words: "complete, verifiable and irreversible denuclearization".
    loose: dict[str, str] = {}
    for key in sorted(groups):
        words = [w for w in key.replace(",", " ").split() if w not in _STOP]
        if len(words) < 2:
            continue
        signature = " ".join(sorted(words))
        if signature in loose:
            union(key, loose[signature])
        else:
            loose[signature] = key


def _rarity(text: str) -> float:
    words = [w for w in text.lower().replace("-", " ").split() if w not in _STOP and w.isalpha()]
    if not words:
        return 0.0
    return sum(min(max((7.0 - zipf_frequency(w, "en")) / 5.0, 0.0), 1.0) for w in words) / len(
        words
    )


def _term_of(
    group: _Group,
    analysis: Analysis,
    centrality: list[float],
    definitions: dict[str, tuple[str, Evidence]],
    sentence_count: int,
) -> Term | None:
    label = "ACRONYM" if group.acronym_defined else group.label
    forms = sorted(group.forms.items(), key=lambda item: (-item[1], -len(item[0]), item[0]))
    if not forms:
        return None
    if group.acronym_defined:
        text = group.acronym_defined
    else:
        full = [f for f, _ in forms if not (f.isupper() and len(f) <= 6)] or [f for f, _ in forms]
        if group.label_votes["GPE"] and label != "GPE":
            # A place merged with its demonym is named by the place.
            places = [f for f in full if not f.lower().endswith(("n", "ns", "ese", "ish", "is"))]
            if places:
                full, label = places, "GPE"
        if label == "PERSON":
            full.sort(
                key=lambda f: (
                    -(len(f.split()) > 1 and f.split()[0].lower() not in _TITLES),
                    -group.forms[f],
                    f,
                )
            )
        text = full[0]
    words = text.split()
    if label == "NP" and (len(words) > 5 or any(w.lower() in ("and", "or") for w in words)):
        return None
    if label == "NP" and text.islower() and len(words) == 1 and len(text) <= 2:
        return None
    count = len(group.mentions)
    first_sentence = min(index for index, _ in group.mentions)
    central = sum(centrality[index] for index, _ in group.mentions) / max(count, 1)
    rarity = _rarity(text)
    weight = _ENTITY_WEIGHT.get(label, 0.55 if len(words) > 1 else 0.35)
    position = 1.0 - 0.5 * first_sentence / sentence_count
    score = (
        0.30 * min(math.log1p(count) / math.log(8), 1.0)
        + 0.25 * rarity
        + 0.20 * weight
        + 0.10 * position
        + 0.15 * central
    )
    if label == "NP" and len(words) == 1 and not text[:1].isupper():
        # A lone common noun ("approach", "decades") is rarely what a reader is asked about,
        # the less so the more common the word.
        score -= _GENERIC_NOUN_PENALTY + _GENERIC_FREQ_PENALTY * max(
            zipf_frequency(text.lower(), "en") - 3.0, 0.0
        )
    if label in _ASKED_KINDS:
        score += _ASKED_KIND_BONUS
    aliases = sorted({f for f in group.forms if f != text}, key=lambda f: (f.lower(), f))
    seen_lower = {text.lower()}
    unique_aliases = []
    for alias in aliases:
        if alias.lower() not in seen_lower:
            seen_lower.add(alias.lower())
            unique_aliases.append(alias)
    definition = None
    definition_evidence = None
    for member in sorted(group.members, key=lambda m: (m != group.key, m)):
        if member in definitions:
            definition, definition_evidence = definitions[member]
            break
    role, common, definite_forms, bare_forms, modifier_forms = _place_usage(group, label, text)
    first_span = min(group.mentions, key=lambda item: (item[0], item[1].start))
    sentence = analysis.sentences[first_span[0]]
    return Term(
        text=text,
        kind=label,
        aliases=tuple(unique_aliases),
        definition=definition,
        score=score,
        evidence=Evidence(sentence.start, sentence.end, sentence.text),
        mentions=count,
        plural=first_span[1].plural,
        proper=first_span[1].proper or label != "NP",
        definition_evidence=definition_evidence,
        role=role,
        common=common,
        definite_forms=definite_forms,
        bare_forms=bare_forms,
        modifier_forms=modifier_forms,
    )


def _place_usage(
    group: _Group, label: str, text: str
) -> tuple[str, str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """A place's role in the document, the name written most, and the forms "the" goes with.

    The role is "actor" when the place (or its demonym) acts, owns or modifies at least as
    often as it is a location, "location" when it is only ever where things happen.
    """
    if label not in _PLACE_KINDS:
        return "", text, (), (), ()
    actor = sum(1 for _, span in group.mentions if span.role == "actor")
    location = sum(1 for _, span in group.mentions if span.role == "location")
    role = "actor" if actor and actor >= location else "location" if location else ""
    names: Counter[str] = Counter()
    definite: set[str] = set()
    bare: set[str] = set()
    modifier: Counter[str] = Counter()
    for _, span in group.mentions:
        if span.article == "mod":
            modifier[span.text] += 1
        if span.label in _PLACE_KINDS:
            names[span.text] += 1
            if span.article == "the":
                definite.add(span.text)
            elif span.article == "bare":
                bare.add(span.text)
    common = min(names, key=lambda f: (-names[f], -len(f), f)) if names else text
    modifiers = tuple(sorted(modifier, key=lambda f: (-modifier[f], f)))
    return role, common, tuple(sorted(definite)), tuple(sorted(bare)), modifiers


def _drop_nested(terms: list[Term]) -> list[Term]:
    """Drop a term inside a better one that it never appears without ("tests" in "missile tests").

    Better terms are indexed by word, so each term is compared with a few candidates only.
    """
    kept: list[Term] = []
    by_word: dict[str, list[Term]] = {}
    for term in terms:
        lower = f" {term.text.lower()} "
        words = lower.split()
        candidates = by_word.get(words[0], [])[:50] if words else []
        if any(
            lower in f" {better.text.lower()} " and better.mentions >= term.mentions
            for better in candidates
        ):
            continue
        kept.append(term)
        for word in set(words):
            by_word.setdefault(word, []).append(term)
    return kept
