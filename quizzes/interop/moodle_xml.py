"""Moodle XML: reader and writer. Pure Python (XML through defusedxml; built with ElementTree).

Written by hand: the one maintained reader on PyPI (moodle-xml-parser, 2025) covers two
question types and parses with the standard library's unguarded parser; the writers are old or
partial. The format followed is Moodle's own importer, ``question/format/xml/format.php``, as
documented at docs.moodle.org/en/Moodle_XML_format.

Mapping: ``multichoice`` with ``<single>true</single>`` → mcq (``<single>false</single>`` →
mcq_multi; an answer is correct when its ``fraction`` is positive), ``truefalse`` →
true_false, ``shortanswer`` → short_answer (cloze when its text shows a blank), ``cloze``
(Moodle's embedded answers, "multianswer") with one ``SHORTANSWER`` gap → cloze (one
``MULTICHOICE`` gap → mcq). ``generalfeedback`` is the explanation, answer feedback is kept
in it, ``<tags>`` are the tags. Categories are written from each question's first tag
(``$course$/top/<course>/<tag>``); on import, a question without tags takes its category's
last part as its tag. Other question types (essay, matching, numerical ranges, …) and gaps
Retain cannot hold are reported with the question's number and name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from xml.etree import ElementTree as ET

from quizzes.interop.items import (
    BLANK,
    Choice,
    FormatError,
    Item,
    Problem,
    Read,
    blank_count,
    with_blank,
)
from quizzes.interop.safety import check_size, parse_xml
from quizzes.interop.text import html_to_text, text_to_html

# An embedded answer in a Moodle cloze: {1:SHORTANSWER:=Berlin~%50%Bonn#feedback}
_GAP = re.compile(r"\{(\d*):([A-Z_]+):(.*?)(?<!\\)\}", re.DOTALL)
_SHORT = {"SHORTANSWER", "SA", "MW", "SHORTANSWER_C", "SAC", "MWC"}
_CHOICE = {
    "MULTICHOICE", "MC", "MULTICHOICE_V", "MCV", "MULTICHOICE_H", "MCH", "MULTICHOICE_S",
    "MCS", "MULTICHOICE_VS", "MCVS", "MULTICHOICE_HS", "MCHS",
}  # fmt: skip


def read(data: bytes) -> Read:
    """Read a Moodle XML file; problems name the question's number (and name) in the file."""
    check_size(data)
    root = parse_xml(data, what="The Moodle XML file")
    if root.tag != "quiz":
        raise FormatError(f"The root element is <{root.tag}>; a Moodle XML file has <quiz>.")
    found = Read()
    category_tag = ""
    number = 0
    for element in root.findall("question"):
        kind = element.get("type", "")
        if kind == "category":
            category_tag = _category_tag(_text(element, "category"))
            continue
        number += 1
        name = _text(element, "name")
        where = f"question {number}" + (f" (“{name[:60]}”)" if name else "")
        if kind == "description":
            found.skipped.append(Problem(where, "a description, not a question"))
            continue
        try:
            item = _question(element, kind, where)
        except FormatError as error:
            found.problems.append(Problem(where, error.message))
            continue
        tags = tuple(_texts(element, "tags/tag")) or ((category_tag,) if category_tag else ())
        explanation = _join(_rich(element, "generalfeedback"), item.explanation)
        found.items.append(replace(item, title=name, tags=tags, explanation=explanation))
    if number == 0:
        raise FormatError("The Moodle XML file holds no <question> elements.")
    return found


def _question(element: ET.Element, kind: str, where: str) -> Item:
    prompt = _rich(element, "questiontext")
    if kind == "multichoice":
        choices = tuple(
            Choice(_rich(a), float(a.get("fraction", "0") or 0) > 0, _rich(a, "feedback"))
            for a in element.findall("answer")
        )
        single = (element.findtext("single") or "true").strip().lower() in {"true", "1"}
        return Item(
            kind="question",
            type="mcq" if single else "mcq_multi",
            prompt=prompt,
            choices=choices,
            where=where,
        )
    if kind == "truefalse":
        truth = None
        notes = []
        for answer in element.findall("answer"):
            value = _rich(answer).strip().lower()
            if float(answer.get("fraction", "0") or 0) > 0 and value in {"true", "false"}:
                truth = value == "true"
            if _rich(answer, "feedback"):
                notes.append(f"“{value}”: {_rich(answer, 'feedback')}")
        return Item(
            kind="question",
            type="true_false",
            prompt=prompt,
            truth=truth,
            explanation="\n".join(notes),
            where=where,
        )
    if kind == "shortanswer":
        answers = [
            (a, _rich(a)) for a in element.findall("answer") if _fraction(a) >= 100 and _rich(a)
        ]
        notes = [f"“{text}”: {_rich(a, 'feedback')}" for a, text in answers if _rich(a, "feedback")]
        return Item(
            kind="question",
            type="cloze" if blank_count(prompt) else "short_answer",
            prompt=with_blank(prompt),
            accepted=tuple(text for _, text in answers),
            explanation="\n".join(notes),
            where=where,
        )
    if kind == "cloze":
        return _embedded(element, where)
    if kind == "numerical":
        exact = [_rich(a) for a in element.findall("answer") if _fraction(a) >= 100]
        tolerances = [a.findtext("tolerance", "0").strip() for a in element.findall("answer")]
        if exact and all(t in {"", "0"} for t in tolerances):
            return Item(
                kind="question",
                type="short_answer",
                prompt=prompt,
                accepted=tuple(exact),
                where=where,
            )
        raise FormatError("a numerical question with a tolerance; Retain checks exact answers.")
    raise FormatError(f"Moodle's “{kind}” questions have no counterpart in Retain.")


def _embedded(element: ET.Element, where: str) -> Item:
    """A Moodle cloze ("embedded answers") with exactly one gap Retain can hold."""
    raw = element.findtext("questiontext/text") or ""
    gaps = list(_GAP.finditer(raw))
    if len(gaps) != 1:
        raise FormatError(
            f"an embedded-answers question with {len(gaps)} gaps; Retain's questions have one."
        )
    gap = gaps[0]
    text = html_to_text(raw[: gap.start()] + BLANK + raw[gap.end() :])
    subtype = gap.group(2)
    answers = _gap_answers(gap.group(3))
    if subtype in _SHORT:
        return Item(
            kind="question",
            type="cloze",
            prompt=text,
            accepted=tuple(a for a, weight, _ in answers if weight >= 100),
            where=where,
        )
    if subtype in _CHOICE:
        return Item(
            kind="question",
            type="mcq",
            prompt=text,
            choices=tuple(Choice(a, weight > 0, fb) for a, weight, fb in answers),
            where=where,
        )
    raise FormatError(f"an embedded {subtype} answer; Retain holds short answers and choices.")


def _gap_answers(spec: str) -> list[tuple[str, float, str]]:
    out = []
    for part in re.split(r"(?<!\\)~", spec):
        if not part:
            continue
        weight = 0.0
        if part.startswith("="):
            weight, part = 100.0, part[1:]
        elif match := re.match(r"%(-?\d+(?:\.\d+)?)%", part):
            weight, part = float(match.group(1)), part[match.end() :]
        pieces = re.split(r"(?<!\\)#", part, maxsplit=1)
        answer, feedback = pieces[0], pieces[1] if len(pieces) > 1 else ""
        text = _unescape_gap(answer)
        out.append((html_to_text(text), weight, html_to_text(_unescape_gap(feedback))))
    return out


def _unescape_gap(text: str) -> str:
    return re.sub(r"\\([~#}/\"\\])", r"\1", text)


def _escape_gap(text: str) -> str:
    return re.sub(r"([~#}/\"\\])", r"\\\1", text)


def _fraction(answer: ET.Element) -> float:
    try:
        return float(answer.get("fraction", "0") or 0)
    except ValueError:
        return 0.0


def _category_tag(path: str) -> str:
    """The last part of a category path, unless it is Moodle's top or default category."""
    last = [p for p in path.replace("$course$", "").replace("$system$", "").split("/") if p]
    if not last or last[-1] == "top" or last[-1].startswith("Default for"):
        return ""
    return last[-1].strip()


def _text(element: ET.Element, path: str) -> str:
    return (element.findtext(f"{path}/text") or "").strip()


def _texts(element: ET.Element, path: str) -> list[str]:
    return [t.strip() for t in (e.findtext("text") or "" for e in element.findall(path)) if t]


def _rich(element: ET.Element, path: str = "") -> str:
    """The text of a Moodle text field (``<x format="…"><text>…</text></x>``) as plain text."""
    holder = element.find(path) if path else element
    if holder is None:
        return ""
    raw = holder.findtext("text") or ""
    if holder.get("format", "html") in {"plain_text", "markdown"}:
        return raw.strip()
    return html_to_text(raw)


def _join(*parts: str) -> str:
    return "\n".join(p for p in parts if p)


# --- Writing -------------------------------------------------------------------------------


def write(items: Sequence[Item], *, title: str = "", key: str = "") -> bytes:
    """Questions as Moodle XML, grouped in categories by first tag."""
    quiz = ET.Element("quiz")
    course = (title or "Retain").replace("/", "-")
    category = None
    for item in sorted(items, key=lambda i: (i.tags[:1], i.key)) if items else ():
        wanted = (
            f"$course$/top/{course}/{item.tags[0]}"
            if item.tags
            else (f"$course$/top/Default for {course}")
        )
        if wanted != category:
            category = wanted
            node = ET.SubElement(quiz, "question", type="category")
            _field(node, "category", wanted, html=False)
        quiz.append(_question_element(item))
    ET.indent(quiz)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + bytes(ET.tostring(quiz, encoding="utf-8"))


def _question_element(item: Item) -> ET.Element:
    moodle_type = {
        "mcq": "multichoice",
        "mcq_multi": "multichoice",
        "true_false": "truefalse",
        "short_answer": "shortanswer",
        "cloze": "cloze",
    }[item.type]
    node = ET.Element("question", type=moodle_type)
    _field(node, "name", item.title or _name(item.prompt), html=False)
    if item.type == "cloze":
        before, after = item.blank_parts()
        gap = "~".join(f"={_escape_gap(text_to_html(a))}" for a in item.accepted)
        markup = f"<p>{text_to_html(before)}{{1:SHORTANSWER:{gap}}}{text_to_html(after)}</p>"
        _field(node, "questiontext", markup, raw=True)
    else:
        _field(node, "questiontext", item.prompt)
    _field(node, "generalfeedback", item.explanation)
    ET.SubElement(node, "defaultgrade").text = "1.0000000"
    ET.SubElement(node, "penalty").text = "0.3333333" if item.type != "true_false" else "1.0000000"
    ET.SubElement(node, "hidden").text = "0"
    if item.key:
        ET.SubElement(node, "idnumber").text = item.key
    if item.type in ("mcq", "mcq_multi"):
        correct = max(len(item.correct_choices), 1)
        ET.SubElement(node, "single").text = "true" if item.type == "mcq" else "false"
        ET.SubElement(node, "shuffleanswers").text = "true"
        ET.SubElement(node, "answernumbering").text = "abc"
        for choice in item.choices:
            if item.type == "mcq":
                fraction = "100" if choice.correct else "0"
            else:
                fraction = _fraction_text(100 / correct) if choice.correct else "-100"
            _answer(node, choice.text, fraction, choice.feedback)
    elif item.type == "true_false":
        _answer(node, "true", "100" if item.truth else "0")
        _answer(node, "false", "0" if item.truth else "100")
    elif item.type == "short_answer":
        ET.SubElement(node, "usecase").text = "0"
        for answer in item.accepted:
            _answer(node, answer, "100")
    if item.tags:
        tags = ET.SubElement(node, "tags")
        for tag in item.tags:
            ET.SubElement(ET.SubElement(tags, "tag"), "text").text = tag
    return node


def _field(
    parent: ET.Element, name: str, value: str, *, html: bool = True, raw: bool = False
) -> ET.Element:
    holder = (
        ET.SubElement(parent, name, format="html") if html or raw else ET.SubElement(parent, name)
    )
    if raw:
        ET.SubElement(holder, "text").text = value
    elif html:
        ET.SubElement(holder, "text").text = f"<p>{text_to_html(value)}</p>" if value else ""
    else:
        ET.SubElement(holder, "text").text = value
    return holder


def _answer(parent: ET.Element, text: str, fraction: str, feedback: str = "") -> None:
    answer = ET.SubElement(parent, "answer", fraction=fraction, format="plain_text")
    ET.SubElement(answer, "text").text = text
    _field(answer, "feedback", feedback)


def _fraction_text(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:.5f}"


def _name(prompt: str) -> str:
    line = prompt.replace(BLANK, "…").split("\n", 1)[0]
    return line if len(line) <= 80 else line[:79].rstrip() + "…"
