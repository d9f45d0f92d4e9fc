"""Key-claim stage: sentences → ranked, diverse :class:`Claim`s and enumerations.

What goes in: the :class:`Analysis`, sentence centrality and the ranked terms.
What comes out: claims that stand alone (discourse markers stripped, a leading "it"/"he"/"they"
replaced by its referent when one is clear), each marked ``fact`` or ``opinion``, best first,
picked so that they span the article; plus the enumerations found. Never raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .nlp import Analysis
from .types import Claim, Evidence, Sentence, Term

_MARKERS = re.compile(
    r"^(?:(?:so|however|further|furthermore|moreover|therefore|thus|indeed|instead|also|and|but|"
    r"yet|still|besides|meanwhile|nevertheless|nonetheless|in addition|additionally|"
    r"consequently|hence|finally|lastly|first|second|third|fourth|fifth|sixth|seventh|eighth|"
    r"ninth|tenth|firstly|secondly|thirdly|fourthly|in fact|of course|having said that|"
    r"that said|after all|in short|in other words|as a result|as a consequence|for this reason|"
    r"in contrast|on the other hand|at the same time)\b,?\s+)+",
    re.IGNORECASE,
)
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")
_NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10,
}  # fmt: skip
_HEDGES = re.compile(
    r"\b(?:arguably|perhaps|probably|possibly|apparently|seemingly|presumably|supposedly|"
    r"likely|unlikely|may|might|could|should|ought|must|seems?|seemed|appears?|appeared|"
    r"i think|i believe|in my view|in my opinion|no wonder|it remains to be seen)\b",
    re.IGNORECASE,
)
_FIRST_PERSON = re.compile(r"\b(?:I|me|my|mine|we|our|ours)\b")
_FIRST_SINGULAR = re.compile(r"\b(?:I|me|my|mine)\b")
_DUMMY_IT = re.compile(
    r"^it\s+(?:is|was|remains|seems|appears|has been)\s+(?:\w+\s+)?"
    r"(?:to|that|no|clear|likely|unlikely|possible|important|difficult|easy|necessary|true)\b"
    r"|^it\s+(?:is|was)\s+(?:the\s+|an?\s+)?(?:\w+\s+)?(?:day|night|morning|evening|year|week|time)\b",
    re.IGNORECASE,
)
# "… it is the US which is displaying …": a cleft's "it" points at nothing.
_CLEFT = re.compile(r"\bit (?:is|was) (?:the |a |an )?[^,;]{1,40}? (?:who|which|that) ", re.I)
_COGNITION = frozenset(
    [
        "believe",
        "think",
        "want",
        "fear",
        "hope",
        "say",
        "claim",
        "argue",
        "insist",
        "assume",
        "consider",
        "expect",
        "decide",
        "know",
        "demand",
        "seek",
        "intend",
        "plan",
    ]
)


@dataclass(frozen=True)
class Enumeration:
    """A set the text announces ("There are four fundamental truths …") and its members."""

    name: str  # the announcing sentence, standing alone
    size: int
    members: tuple[int, ...]  # sentence indexes of the members, in order
    evidence: Evidence


def standalone(text: str) -> str:
    """Strip leading discourse markers and capitalise: "However, X is Y." → "X is Y."."""
    stripped = _MARKERS.sub("", text).strip()
    if not stripped:
        return text
    return stripped[0].upper() + stripped[1:]


def render(sentence_text: str, resolution: tuple[str, str] | None) -> str:
    """The claim text of a sentence: markers stripped, pronoun replaced, one final stop."""
    text = re.sub(r"[;,:]\s*(?:and|or|but)?$", "", standalone(sentence_text)).rstrip(";:, ")
    if text[-1:] not in ".!":
        text += "."
    if resolution is not None:
        pronoun, referent = resolution
        if text.lower().startswith(pronoun.lower()):
            text = referent[0].upper() + referent[1:] + text[len(pronoun) :]
    return text


_TAIL_DEPS = frozenset({"advcl", "parataxis", "conj", "relcl", "acl", "appos", "ccomp"})
_ASIDE_MARKS = frozenset({",", ";", ":", "–", "—", "-", "("})


def main_clause(analysis: Analysis, sentence: Sentence, max_words: int) -> str | None:
    """The sentence without a trailing aside or added clause, when that leaves a short claim.

    A cut is made only before a clause joined by a comma, dash or semicolon (", which …",
    " – which …", "; and …") that runs to the end of the sentence and comes after the main
    verb; the shortest cut that leaves at most ``max_words`` words and at least six wins.
    Returns the shortened sentence text (no final stop), or None when no clean cut exists.
    """
    doc = analysis.doc
    span = doc[sentence.token_start : sentence.token_end]
    root = span.root
    last = sentence.token_end - 1
    while last > root.i and doc[last].is_punct:
        last -= 1
    best = None
    for token in span:
        if token.i <= root.i or token.dep_ not in _TAIL_DEPS or token.right_edge.i < last:
            continue
        start = token.left_edge.i
        joiners = []
        while start - 1 > root.i and (
            doc[start - 1].dep_ in ("cc", "mark") or doc[start - 1].is_punct
        ):
            start -= 1
            joiners.append(doc[start].text)
        if not any(mark in _ASIDE_MARKS for mark in joiners):
            continue  # a clause joined without a comma or dash is not an aside
        start -= 1  # the last token kept
        cut = doc[start].idx + len(doc[start].text) - sentence.start
        head = sentence.text[:cut]
        words = len(head.split())
        if 6 <= words <= max_words and (best is None or len(head) > len(best)):
            best = head
    return best


def stance_of(text: str) -> str:
    """ "opinion" for hedged, normative or first-person statements, else "fact"."""
    return "opinion" if _HEDGES.search(text) or _FIRST_PERSON.search(text) else "fact"


def find_enumerations(analysis: Analysis) -> list[Enumeration]:
    """Announced sets whose members follow as "First, … Second, …" or as list items."""
    sentences = analysis.sentences
    doc = analysis.doc
    found = []
    for sentence in sentences:
        size = None
        for token in doc[sentence.token_start : sentence.token_end]:
            number = _NUMBER_WORDS.get(token.lower_) or (
                int(token.text) if token.text.isdigit() and 2 <= int(token.text) <= 10 else None
            )
            if number and token.head.tag_ in ("NNS", "NNPS") and token.head.i > token.i:
                size = number
                break
        if size is None or sentence.text.endswith("?"):
            continue
        members: list[int] = []
        following = sentences[sentence.index + 1 : sentence.index + 1 + 4 * size]
        if following and following[0].bullet and sentence.text.rstrip().endswith(":"):
            for other in following:
                if not other.bullet or len(members) == size:
                    break
                members.append(other.index)
        else:
            expected = 0
            for other in following:
                if expected == size:
                    break
                if re.match(rf"^{_ORDINALS[expected]}(?:ly)?\b", other.text, re.IGNORECASE):
                    members.append(other.index)
                    expected += 1
        if len(members) == size:
            name = standalone(sentence.text).rstrip(":;,. ") + "."
            found.append(
                Enumeration(
                    name,
                    size,
                    tuple(members),
                    Evidence(sentence.start, sentence.end, sentence.text),
                )
            )
    return found


_MODIFIER_DEPS = frozenset(["compound", "amod", "nmod", "npadvmod"])


def _named_as_person(analysis: Analysis, word: str) -> bool:
    """True when the text tags ``word`` as part of a PERSON name somewhere ("Wangari Maathai")."""
    return any(token.text == word and token.ent_type_ == "PERSON" for token in analysis.doc)


def resolve_pronoun(sentence: Sentence, analysis: Analysis) -> tuple[str, str] | None:
    """(pronoun, referent) for a sentence opening with it/he/she/they, when the referent is clear."""
    if sentence.subject is None or not sentence.subject_is_pronoun:
        return None
    pronoun = sentence.subject.text
    body = standalone(sentence.text)
    if not body.lower().startswith(pronoun.lower() + " ") or _DUMMY_IT.match(body):
        return None
    lower = pronoun.lower()
    if lower not in ("it", "he", "she", "they"):
        return None
    previous = [
        s for s in analysis.sentences[max(0, sentence.index - 2) : sentence.index] if not s.heading
    ]
    if not previous:
        return None
    doc = analysis.doc
    root = doc[sentence.token_start : sentence.token_end].root
    wants_agent = root.lemma_.lower() in _COGNITION
    last = previous[-1]
    if (
        lower in ("he", "she")
        and last.subject_is_pronoun
        and last.subject is not None
        and last.subject.text.lower() == lower
    ):
        # "He was a bright pupil, so …" after "He …": the referent is named further back,
        # and the one name in between ("Abbé Palluy") is often someone else.
        return None
    candidates: list[str] = []
    subject = last.subject
    if subject is not None and not last.subject_is_pronoun and len(subject.text.split()) <= 6:
        head = doc[subject.head]
        if lower == "it" and head.tag_ in ("NN", "NNP") and not wants_agent:
            candidates.append(subject.text)
        if lower == "they" and head.tag_ in ("NNS", "NNPS"):
            candidates.append(subject.text)
        if lower in ("he", "she") and (
            head.ent_type_ == "PERSON"
            # "Maathai listened … . She saw …": a name the small model took for a place is
            # still the nearest person named as a subject.
            or (head.tag_ == "NNP" and _named_as_person(analysis, head.text))
        ):
            candidates.append(subject.text)
    wanted = {"it": ("GPE", "ORG", "NORP"), "he": ("PERSON",), "she": ("PERSON",)}.get(lower, ())
    for earlier in reversed(previous):
        entities = [
            m
            for m in earlier.mentions
            if m.label in wanted
            and not m.plural
            # "into a Kikuyu farming family": a name modifying a noun is no one "she" can be.
            and not (lower in ("he", "she") and m.head >= 0 and doc[m.head].dep_ in _MODIFIER_DEPS)
        ]
        if len({m.key for m in entities}) == 1:
            candidates.append(entities[0].text)
            break
    if not candidates:
        return None
    referent = candidates[0]
    if referent[:1].isupper() and referent.split()[0].lower() in ("the", "a", "an"):
        referent = referent[0].lower() + referent[1:]
    return pronoun, referent


def extract_claims(
    analysis: Analysis,
    centrality: list[float],
    terms: list[Term],
    enumerations: list[Enumeration],
    limit: int,
) -> list[Claim]:
    """Rank the claim-worthy sentences and pick up to ``limit`` that span the article."""
    member_of = {index: e.name for e in enumerations for index in e.members}
    top_terms = terms[:40]
    best_term = max((t.score for t in top_terms), default=1.0) or 1.0
    candidates: list[Claim] = []
    for sentence in analysis.sentences:
        text = sentence.text
        words = len(text.split())
        if sentence.heading or text.endswith("?") or not sentence.finite or words < 5:
            continue
        if words > 80 or not (re.search(r"[.!;:]['\"”’)]*$", text) or sentence.bullet):
            continue
        if text[:1].islower() and not sentence.bullet:
            continue  # a fragment left by a wrong sentence split ("… etc.) while others …")
        if (
            sentence.subject_is_pronoun
            and sentence.subject is not None
            and sentence.subject.text.lower() in ("this", "that", "these", "those", "which")
        ):
            continue
        claim_text = render(text, None)
        resolved = None
        if sentence.subject_is_pronoun and sentence.subject is not None:
            resolution = resolve_pronoun(sentence, analysis)
            pronoun = sentence.subject.text.lower()
            unresolved = resolution is None and pronoun in ("it", "he", "she", "they")
            if unresolved and not (_DUMMY_IT.match(claim_text) or _CLEFT.search(claim_text)):
                continue
            if resolution is not None:
                resolved = resolution[0]
                claim_text = render(text, resolution)
        lower = f" {text.lower()} "
        coverage = sum(
            term.score
            for term in top_terms
            if any(f" {form.lower()}" in lower for form in term.forms())
        )
        score = 0.55 * centrality[sentence.index] + 0.30 * min(coverage / (2.5 * best_term), 1.0)
        if sentence.index in member_of:
            score += 0.15
        if words > 45:
            score *= 0.85
        if _FIRST_SINGULAR.search(text):
            score *= 0.7  # the author talking about themself: a view, rarely the point
        if sentence.subject is not None and sentence.subject.text.split()[0].lower() in (
            "this",
            "that",
            "these",
            "those",
            "such",
        ):
            score *= 0.8  # "This assessment …" leans on the previous sentence
        candidates.append(
            Claim(
                text=claim_text,
                stance="opinion" if stance_of(text) == "opinion" else "fact",
                score=score,
                evidence=Evidence(sentence.start, sentence.end, sentence.text),
                sentence=sentence.index,
                enumeration=member_of.get(sentence.index),
                resolved_from=resolved,
            )
        )
    return _diverse(candidates, analysis, limit)


def _diverse(candidates: list[Claim], analysis: Analysis, limit: int) -> list[Claim]:
    """Greedy pick: the best claim, then the best one not crowding a picked paragraph or idea."""
    pool = sorted(candidates, key=lambda c: (-c.score, c.sentence))
    picked: list[Claim] = []
    per_paragraph: dict[int, int] = {}
    lemma_sets: list[set[str]] = []
    while pool and len(picked) < limit:
        best_index, best_value = 0, float("-inf")
        for index, claim in enumerate(pool[:50]):  # the head of the ranking is enough
            paragraph = analysis.sentences[claim.sentence].paragraph
            lemmas = set(analysis.sentences[claim.sentence].lemmas)
            overlap = max(
                (len(lemmas & other) / max(len(lemmas | other), 1) for other in lemma_sets[-30:]),
                default=0.0,
            )
            value = claim.score - 0.12 * per_paragraph.get(paragraph, 0) - 0.5 * overlap
            if value > best_value:
                best_index, best_value = index, value
        claim = pool.pop(best_index)
        picked.append(claim)
        paragraph = analysis.sentences[claim.sentence].paragraph
        per_paragraph[paragraph] = per_paragraph.get(paragraph, 0) + 1
        lemma_sets.append(set(analysis.sentences[claim.sentence].lemmas))
    return picked


_MODALS = frozenset(
    ["can", "cannot", "could", "will", "would", "shall", "should", "may", "might", "must"]
)
_ADVERBS = frozenset(["also", "never", "still", "often", "always", "only", "just", "really"])
_PLURAL_FIRST = re.compile(r"\b(?:we|our|ours|us|ourselves)\b", re.IGNORECASE)


def in_third_person(text: str) -> str | None:
    """An essayist's "I" sentence told of "the author": "I cannot believe that X" → "The author
    cannot believe that X", "I think X" → "The author thinks X", "my" → "the author's". None
    when a "we" remains or a verb after "I" cannot be put in the third person safely."""
    from lemminflect import getAllLemmas, getInflection

    if _PLURAL_FIRST.search(text.replace("US", "")):
        return None

    def verb_after_i(match: re.Match[str]) -> str:
        adverb, verb = match.group(1) or "", match.group(2)
        lower = verb.lower()
        if lower in ("am", "'m"):
            third = "is"
        elif lower in _MODALS or lower in ("was", "did", "had"):
            third = verb
        else:
            lemmas = getAllLemmas(lower, upos="VERB").get("VERB", ())
            if not lemmas:
                raise ValueError(verb)
            lemma = lemmas[0]
            if lower != lemma:  # a past form ("saw", "believed"): the same for "the author"
                third = verb
            else:
                inflected = getInflection(lemma, tag="VBZ")
                if not inflected:
                    raise ValueError(verb)
                third = inflected[0]
        return f"the author {adverb}{third}"

    try:
        rewritten = re.sub(
            r"\bI(?:'m)?\s+((?:" + "|".join(_ADVERBS) + r")\s+)?([A-Za-z']+)",
            verb_after_i,
            text,
        )
    except ValueError:
        return None
    rewritten = re.sub(r"\bof mine\b", "of the author's", rewritten)  # "a neighbour of mine"
    rewritten = re.sub(r"\bmy\b", "the author's", rewritten)
    rewritten = re.sub(r"\bMy\b", "The author's", rewritten)
    rewritten = re.sub(r"\b(?:me|myself)\b", "the author", rewritten)
    if re.search(r"\bI\b", rewritten):
        return None
    return rewritten[:1].upper() + rewritten[1:]
