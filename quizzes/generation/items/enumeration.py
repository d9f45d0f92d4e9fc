"""Name the set: "Name the four fundamental truths …" from an enumeration the text announces.

The announcing sentence ("There are four fundamental truths that …") becomes the card's front,
the members ("First, … Second, …", or the list items after a lead line ending in ":") its
back, each cut to its main clause. A card is made only when every member stands alone (no
dangling "it" or "this"); the set is tested once, as a whole, rather than one "which of these
is one of them" question per member with negated copies as wrong choices.
"""

from __future__ import annotations

import re

from ..claims import render, resolve_pronoun
from ..types import ItemDraft, Tested
from .context import ItemContext, cite
from .rank import FORM_PRIOR, item_score

_MAX_MEMBER_WORDS = 32
_ANNOUNCE = re.compile(r"^there (?:are|were|is) ", re.IGNORECASE)
# Words of the announcement that say what the set is of ("three main reasons" says too little).
_CONTENT = re.compile(
    r"\b(?!(?:main|key|major|important|basic|different|several|many|kinds?|types?|ways?|things?|"
    r"two|three|four|five|six|seven|eight|nine|ten|are|were|is|was|there|the|of)\b)[a-z]{3,}\b",
    re.IGNORECASE,
)
# A word in the announcement that points outside it: the card's front must stand alone.
_POINTER = re.compile(
    r"\b(?:it|its|them|they|their|this|these|those|he|she|him|her|his|we|us|our|I|you)\b",
    re.IGNORECASE,
)


def generate(context: ItemContext) -> list[ItemDraft]:
    """One "name the set" flashcard per announced set whose members all stand alone."""
    drafts = []
    sentences = context.analysis.sentences
    for enumeration in context.enumerations:
        members: list[str] = []
        for index in enumeration.members:
            sentence = sentences[index]
            if sentence.text.rstrip().endswith("?"):
                members = []
                break  # "(1) What lies behind the sealed door?": questions the text asks
            resolution = resolve_pronoun(sentence, context.analysis)
            text = render(_main_clause(sentence.text), resolution)
            if _starts_with_pronoun(text) or len(text.split()) > _MAX_MEMBER_WORDS:
                short = context.concise_text(sentence, resolution, _MAX_MEMBER_WORDS)
                if short is None or _starts_with_pronoun(short):
                    members = []
                    break
                text = short
            members.append(text.rstrip(".;:, "))
        if len(members) != enumeration.size:
            continue
        name = enumeration.name.rstrip(".:;, ")
        if (
            "[" in name
            or _POINTER.search(name.replace("US", ""))
            or len(name.split()) < 4
            or re.match(r"^(?:unlike|whereas|while|although|though|because|if|when)\b", name, re.I)
            or ", not " in name
            or re.search(r"\b(?:said|says|told|reported)\b", name)  # "…, officials said last night"
            or len(_CONTENT.findall(_ANNOUNCE.sub("", name))) < 3
        ):
            continue  # a heading ("Three courses [edit]"), or "the things we might do about them"
        if _ANNOUNCE.match(name):
            prompt = "Name the " + _ANNOUNCE.sub("", name) + "."
        else:
            prompt = name + ". Name them."
        answer = "; ".join(f"({number}) {text}" for number, text in enumerate(members, 1))
        evidence = enumeration.evidence
        last = sentences[enumeration.members[-1]]
        features = {
            "form": FORM_PRIOR["flashcard.enumeration"],
            "answer": 0.7,
            "central": context.central(context.sentence_at(evidence.start)),
            "key": 0.7,
            "length": 1.0,
        }
        score, explained = item_score(features)
        drafts.append(
            ItemDraft(
                type="flashcard",
                prompt=prompt,
                answer=answer,
                explanation=cite(evidence)
                + f" (and the {enumeration.size} sentences after it, up to “{last.text[:60]}…”)",
                tests=Tested("claim", enumeration.name),
                evidence=evidence,
                generator="flashcard.enumeration",
                score=score,
                features=explained,
            )
        )
    return drafts


def _main_clause(text: str) -> str:
    """Cut a trailing aside: "X – which …" → "X"; keeps the sentence when no aside is found."""
    for mark in (" – ", " — ", " -- "):
        if mark in text:
            head = text.split(mark, 1)[0]
            if len(head.split()) >= 5:
                return head
    return text


def _starts_with_pronoun(text: str) -> bool:
    return text.split(" ", 1)[0].lower() in ("it", "they", "he", "she", "this", "that")
