""" "Which of these is one of …" questions from enumerations the text announces.

The right choice is one member of the set; the wrong ones are other members made false by one
recorded edit (so they are clearly not among the set's members).
"""

from __future__ import annotations

from ..claims import render, resolve_pronoun
from ..types import Claim, Evidence, ItemDraft, Tested
from .context import ItemContext, cite
from .true_false import false_version

_MAX_CHOICE_WORDS = 30


def generate(context: ItemContext) -> list[ItemDraft]:
    """One question per member of each announced set (members with a usable wording)."""
    drafts = []
    sentences = context.analysis.sentences
    for enumeration in context.enumerations:
        members: list[Claim] = []
        for index in enumeration.members:
            sentence = sentences[index]
            resolution = resolve_pronoun(sentence, context.analysis)
            text = render(_main_clause(sentence.text), resolution)
            members.append(
                Claim(
                    text=text,
                    stance="fact",
                    score=0.0,
                    evidence=Evidence(sentence.start, sentence.end, sentence.text),
                    sentence=index,
                )
            )
        usable = [m for m in members if not _starts_with_pronoun(m.text)]
        falses = {}
        for member in members:
            edited = false_version(context, member)
            if (
                edited is not None
                and len(edited[0].split()) <= _MAX_CHOICE_WORDS
                and not _starts_with_pronoun(edited[0])
            ):
                falses[member.sentence] = edited[0]
        intro = enumeration.name
        for member in usable:
            if len(member.text.split()) > _MAX_CHOICE_WORDS:
                continue
            wrong = [
                falses[m.sentence] for m in members if m is not member and m.sentence in falses
            ]
            if len(wrong) < 2:
                continue
            wrong = wrong[:3]
            drafts.append(
                ItemDraft(
                    type="mcq",
                    prompt=f"{intro} Which of these is one of them?",
                    answer=member.text,
                    choices=tuple(sorted([member.text, *wrong], key=str.lower)),
                    explanation=cite(member.evidence),
                    tests=Tested("claim", member.text),
                    evidence=member.evidence,
                    generator="mcq.enumeration",
                    score=0.75,
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
