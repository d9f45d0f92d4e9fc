"""Spreadsheet and text formats: Retain's CSV/TSV, Quizlet's term⇥definition, Anki's text
notes. Pure Python (the standard library's ``csv``: nothing else is needed).

**Retain CSV/TSV** (a header row, then one item per row) has two layouts, told apart by the
header:

* questions: ``type, prompt, choice_1 … choice_8, correct, answers, explanation, tags`` —
  ``correct`` holds the numbers of the right choices (``1`` or ``1|3``) or ``true``/``false``;
  ``answers`` the accepted answers of a fill-in-the-blank or short answer, ``|``-separated
  (write ``\\|`` for a ``|`` inside one); ``tags`` likewise;
* cards: ``kind, front, back, extra, tags`` (kind ``basic``, ``reverse`` or ``cloze``).

Written files neutralise spreadsheet formulas: a cell starting with ``=``, ``+``, ``-``, ``@``
(or a tab or carriage return) gets a leading ``'`` so Excel, LibreOffice and Google Sheets show
it as text (OWASP's advice against CSV injection); the reader removes that ``'`` again.

**Quizlet**: two tab-separated columns, term and definition, no header (Quizlet's export with
"Tab" between term and definition and "New line" between rows; its import takes the same).

**Anki text** ("Notes in Plain Text"): Anki's ``#separator:tab``, ``#html:false``,
``#notetype column:1`` and ``#tags column:4`` header lines, then ``Basic`` rows (front, back;
Anki's Basic has no third field, so a card's extra note stays behind) and ``Cloze`` rows (text
with ``{{c1::answer}}``, back extra). Reading accepts Anki's other
headers and, without a note type column, takes a row with ``{{c1::…}}`` as a cloze.

Quizlet and Anki text carry no formula escapes: those apps do not evaluate cells, and a quote
would become part of the card. Reverse cards travel as basic cards in both (they have no kind).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

from quizzes.interop.items import BLANK, Choice, FormatError, Item, Problem, Read
from quizzes.interop.safety import check_size, decode_text
from quizzes.interop.text import html_to_text, tidy

MAX_CHOICES = 8
QUESTION_COLUMNS = (
    "type",
    "prompt",
    *(f"choice_{n}" for n in range(1, MAX_CHOICES + 1)),
    "correct",
    "answers",
    "explanation",
    "tags",
)
CARD_COLUMNS = ("kind", "front", "back", "extra", "tags")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")
_CLOZE = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)
# Big enough for a long explanation, small enough that a runaway cell is an error.
csv.field_size_limit(1_000_000)


def neutralise(cell: str) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula."""
    return f"'{cell}" if cell.startswith(_FORMULA) else cell


def _restore(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and cell[1:2] in _FORMULA and cell[1:2] else cell


def split_list(cell: str) -> list[str]:
    """``a | b\\|c`` → ``["a", "b|c"]``."""
    parts = re.split(r"(?<!\\)\|", cell)
    return [p.replace("\\|", "|").strip() for p in parts if p.strip()]


def join_list(values: Iterable[str]) -> str:
    return " | ".join(v.replace("|", "\\|") for v in values)


# --- Retain CSV / TSV ----------------------------------------------------------------------


def read_csv(data: bytes) -> Read:
    return _read_retain(data, ",")


def read_tsv(data: bytes) -> Read:
    return _read_retain(data, "\t")


def _read_retain(data: bytes, delimiter: str) -> Read:
    check_size(data)
    text = decode_text(data)
    rows = _rows(text, delimiter)
    header_line, header = next(iter(rows), (1, list[str]()))
    columns = [h.strip().lower() for h in header]
    if not columns or not any(columns):
        raise FormatError("The file is empty.")
    if set(columns) <= set(QUESTION_COLUMNS) and {"type", "prompt"} <= set(columns):
        layout = "question"
    elif set(columns) <= set(CARD_COLUMNS) and {"front", "back"} <= set(columns):
        layout = "card"
    else:
        unknown = [c for c in columns if c not in QUESTION_COLUMNS + CARD_COLUMNS]
        raise FormatError(
            "the header must name Retain's columns: "
            f"{', '.join(QUESTION_COLUMNS)} (questions) or {', '.join(CARD_COLUMNS)} (cards)"
            + (f"; unknown: {', '.join(unknown)}" if unknown else "")
            + ".",
            where=f"line {header_line}",
        )
    found = Read()
    for number, (line, cells) in enumerate(rows, start=2):
        where = f"row {number} (line {line})"
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(columns):
            found.problems.append(
                Problem(where, f"{len(cells)} cells, but the header names {len(columns)} columns.")
            )
            continue
        row = {name: _restore(cell).strip() for name, cell in zip(columns, cells, strict=True)}
        try:
            found.items.append(_question(row, where) if layout == "question" else _card(row, where))
        except FormatError as error:
            found.problems.append(Problem(where, error.message))
    return found


def _rows(text: str, delimiter: str) -> Iterable[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    line = 1
    try:
        for cells in reader:
            yield line, cells
            line = reader.line_num + 1
    except csv.Error as error:
        raise FormatError(
            f"the file is not valid CSV ({error}).", where=f"line {reader.line_num}"
        ) from None


def _question(row: dict[str, str], where: str) -> Item:
    type_ = row.get("type", "").strip().lower()
    choices = [row.get(f"choice_{n}", "") for n in range(1, MAX_CHOICES + 1)]
    correct = row.get("correct", "").strip()
    texts = [c for c in choices if c.strip()]
    common: dict[str, Any] = {
        "prompt": row.get("prompt", ""),
        "explanation": row.get("explanation", ""),
        "tags": tuple(split_list(row.get("tags", ""))),
        "where": where,
    }
    if type_ in ("mcq", "mcq_multi"):
        try:
            wanted = {int(n) for n in re.split(r"[|,;\s]+", correct) if n}
        except ValueError:
            raise FormatError(
                f"“correct” must list choice numbers (1–{MAX_CHOICES}); it says “{correct}”."
            ) from None
        numbered = [(n, c) for n, c in enumerate(choices, start=1) if c.strip()]
        missing = wanted - {n for n, _ in numbered}
        if missing:
            raise FormatError(f"“correct” names choice {min(missing)}, which is empty.")
        return Item(
            kind="question",
            type=type_,
            choices=tuple(Choice(c, n in wanted) for n, c in numbered),
            **common,
        )
    if type_ == "true_false":
        value = correct.lower()
        if value not in {"true", "false", "t", "f"}:
            raise FormatError(f"a true/false row needs “correct” true or false, not “{correct}”.")
        return Item(kind="question", type=type_, truth=value.startswith("t"), **common)
    if type_ in ("cloze", "short_answer"):
        if texts:
            raise FormatError("a fill-in-the-blank or short answer has answers, not choices.")
        return Item(
            kind="question",
            type=type_,
            accepted=tuple(split_list(row.get("answers", ""))),
            **common,
        )
    raise FormatError(
        f"unknown type “{type_}”; use mcq, mcq_multi, true_false, cloze or short_answer."
    )


def _card(row: dict[str, str], where: str) -> Item:
    kind = (row.get("kind") or "basic").strip().lower()
    if kind not in ("basic", "reverse", "cloze"):
        raise FormatError(f"unknown card kind “{kind}”; use basic, reverse or cloze.")
    return Item(
        kind="card",
        type=kind,
        prompt=row.get("front", ""),
        back=row.get("back", ""),
        explanation=row.get("extra", ""),
        tags=tuple(split_list(row.get("tags", ""))),
        where=where,
    )


def write_csv(items: Sequence[Item], *, title: str = "", key: str = "") -> bytes:
    # A byte-order mark: Excel then reads the file as UTF-8.
    return _write_retain(items, ",").encode("utf-8-sig")


def write_tsv(items: Sequence[Item], *, title: str = "", key: str = "") -> bytes:
    return _write_retain(items, "\t").encode("utf-8")


def _write_retain(items: Sequence[Item], delimiter: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    cards = bool(items) and all(i.kind == "card" for i in items)
    writer.writerow(CARD_COLUMNS if cards else QUESTION_COLUMNS)
    for item in items:
        if cards:
            row = [item.type, item.prompt, item.back, item.explanation, join_list(item.tags)]
        else:
            choices = [c.text for c in item.choices][:MAX_CHOICES]
            if item.type == "true_false":
                correct = "true" if item.truth else "false"
            else:
                correct = "|".join(str(n) for n, c in enumerate(item.choices, 1) if c.correct)
            row = [
                item.type,
                item.prompt,
                *choices,
                *[""] * (MAX_CHOICES - len(choices)),
                correct,
                join_list(item.accepted),
                item.explanation,
                join_list(item.tags),
            ]
        writer.writerow([neutralise(cell) for cell in row])
    return out.getvalue()


# --- Quizlet -------------------------------------------------------------------------------


def read_quizlet(data: bytes) -> Read:
    check_size(data)
    text = decode_text(data)
    found = Read()
    for line, raw in enumerate(text.split("\n"), start=1):
        if not raw.strip():
            continue
        cells = raw.split("\t")
        where = f"line {line}"
        if len(cells) != 2:
            found.problems.append(
                Problem(
                    where,
                    f"{len(cells)} tab-separated columns; Quizlet rows have 2 "
                    "(term, then definition).",
                )
            )
            continue
        found.items.append(
            Item(kind="card", type="basic", prompt=tidy(cells[0]), back=tidy(cells[1]), where=where)
        )
    return found


def write_quizlet(items: Sequence[Item], *, title: str = "", key: str = "") -> bytes:
    lines = []
    for item in items:
        front, back = _front_back(item)
        lines.append(f"{_one_line(front)}\t{_one_line(back)}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _one_line(text: str) -> str:
    return re.sub(r"\s*[\t\n]\s*", " ", text).strip()


def _front_back(item: Item) -> tuple[str, str]:
    if item.kind == "card":
        return item.prompt, item.back
    answer = (
        {
            "true_false": "True" if item.truth else "False",
        }.get(item.type)
        or " / ".join(c.text for c in item.correct_choices)
        or " / ".join(item.accepted)
    )
    return item.prompt, answer


# --- Anki text -----------------------------------------------------------------------------


def read_anki_text(data: bytes) -> Read:
    check_size(data)
    text = decode_text(data)
    options: dict[str, str] = {}
    body: list[str] = []
    first_data_line = 1
    for line, raw in enumerate(text.split("\n"), start=1):
        if raw.startswith("#") and ":" in raw and not body:
            key, _, value = raw[1:].partition(":")
            options[key.strip().lower()] = value.strip()
            first_data_line = line + 1
        else:
            body.append(raw)
    separator = {
        "tab": "\t",
        "comma": ",",
        "semicolon": ";",
        "space": " ",
        "pipe": "|",
        "colon": ":",
    }.get(options.get("separator", "tab").lower(), options.get("separator", "\t"))
    html = options.get("html", "false").lower() == "true"
    tags_at = _column(options.get("tags column"))
    type_at = _column(options.get("notetype column"))
    skip = {
        c
        for c in (_column(options.get("deck column")), _column(options.get("guid column")))
        if c is not None
    }
    found = Read()
    reader = csv.reader(io.StringIO("\n".join(body)), delimiter=separator)
    try:
        for cells in reader:
            where = f"line {first_data_line + reader.line_num - 1}"
            if not any(c.strip() for c in cells):
                continue
            tags: tuple[str, ...] = ()
            note_type = ""
            fields = []
            for at, cell in enumerate(cells):
                if at == tags_at:
                    tags = tuple(t.replace("_", " ") for t in cell.split())
                elif at == type_at:
                    note_type = cell.strip()
                elif at not in skip:
                    fields.append(html_to_text(cell) if html else tidy(cell))
            try:
                found.items.extend(_anki_row(note_type, fields, tags, where))
            except FormatError as error:
                found.problems.append(Problem(where, error.message))
    except csv.Error as error:
        raise FormatError(f"the file is not valid delimited text ({error}).") from None
    return found


def _column(value: str | None) -> int | None:
    return int(value) - 1 if value and value.isdigit() else None


def _anki_row(note_type: str, fields: list[str], tags: tuple[str, ...], where: str) -> list[Item]:
    cloze = note_type.lower().startswith("cloze") or (
        not note_type and bool(fields) and bool(_CLOZE.search(fields[0]))
    )
    if cloze:
        text = fields[0] if fields else ""
        matches = list(_CLOZE.finditer(text))
        numbers = sorted({int(m.group(1)) for m in matches})
        if not numbers:
            raise FormatError("a Cloze note without a cloze deletion ({{c1::…}}).")
        out = []
        for number in numbers:

            def shown(match: re.Match[str], wanted: int = number) -> str:
                return BLANK if int(match.group(1)) == wanted else match.group(2)

            front = _CLOZE.sub(shown, text)
            back = " / ".join(m.group(2) for m in matches if int(m.group(1)) == number)
            extra = fields[1] if len(fields) > 1 else ""
            out.append(
                Item(
                    kind="card",
                    type="cloze",
                    prompt=front,
                    back=back,
                    explanation=extra,
                    tags=tags,
                    where=where,
                )
            )
        return out
    if note_type and not note_type.lower().startswith("basic"):
        raise FormatError(f"note type “{note_type}” is neither Basic nor Cloze.")
    if len(fields) < 2:
        raise FormatError(f"{len(fields)} field; a Basic note has a front and a back.")
    extra = fields[2] if len(fields) > 2 else ""
    return [
        Item(
            kind="card",
            type="basic",
            prompt=fields[0],
            back=fields[1],
            explanation=extra,
            tags=tags,
            where=where,
        )
    ]


def write_anki_text(items: Sequence[Item], *, title: str = "", key: str = "") -> bytes:
    out = io.StringIO()
    out.write("#separator:tab\n#html:false\n#notetype column:1\n#tags column:4\n")
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    for item in items:
        tags = " ".join(re.sub(r"\s+", "_", t.strip()) for t in item.tags if t.strip())
        if item.kind == "card" and item.type == "cloze":
            before, after = item.blank_parts()
            text = f"{before}{{{{c1::{item.back}}}}}{after}"
            writer.writerow(["Cloze", text, item.explanation, tags])
        else:  # Anki's Basic note type has two fields: the extra note does not travel
            front, back = _front_back(item)
            writer.writerow(["Basic", front, back, tags])
    return out.getvalue().encode("utf-8")
