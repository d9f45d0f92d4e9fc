"""Anki packages (``.apkg``): writer (genanki) and reader. Pure Python.

Writing uses genanki, the maintained library for building Anki decks. Two note types are
written, both with fixed ids so Anki recognises them on every export: "Retain Basic" (Front,
Back, Extra, Source, Article, Kind — a term → definition or definition → term card) and
"Retain Cloze" (Anki's cloze note type: Text with ``{{c1::answer}}``, Back Extra, Source,
Article). Each note's GUID is derived from the card's identity (``Item.key``), so importing a
re-export into Anki updates the notes instead of adding copies. Tags are Anki tags (spaces
become ``_``: Anki tags cannot hold spaces).

Reading is by hand (genanki only writes, and the ``anki`` package is a whole application): the
package is opened with ``safety.Archive``; the collection (``collection.anki21b``, zstd-
compressed, from current Anki; else ``collection.anki21`` / ``collection.anki2``) is loaded
into an in-memory SQLite database (``sqlite3.deserialize``: no file is written). Notes of the
Basic kind (a standard note type whose first fields are Front and Back) and of Anki's cloze
kind are read — one card per cloze number; other note types are refused with their name.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import sqlite3
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass

import genanki

from quizzes.interop.items import BLANK, FormatError, Item, Problem, Read
from quizzes.interop.safety import MAX_UNZIPPED_BYTES, Archive, check_size, megabytes
from quizzes.interop.text import html_to_text, text_to_html

BASIC_MODEL_ID = 1_714_310_001
CLOZE_MODEL_ID = 1_714_310_002
_CSS = ".card { font-family: sans-serif; font-size: 20px; text-align: left; } .source { font-size: 14px; color: #555; }"
_SOURCE = (
    '{{#Source}}<p class="source">{{Source}}'
    "{{#Article}}<br><em>{{Article}}</em>{{/Article}}</p>{{/Source}}"
)

BASIC_MODEL = genanki.Model(
    BASIC_MODEL_ID,
    "Retain Basic",
    fields=[
        {"name": "Front"},
        {"name": "Back"},
        {"name": "Extra"},
        {"name": "Source"},
        {"name": "Article"},
        {"name": "Kind"},
    ],
    templates=[
        {
            "name": "Card 1",
            "qfmt": "{{Front}}",
            "afmt": '{{FrontSide}}<hr id="answer">{{Back}}'
            "{{#Extra}}<p>{{Extra}}</p>{{/Extra}}" + _SOURCE,
        }
    ],
    css=_CSS,
)
CLOZE_MODEL = genanki.Model(
    CLOZE_MODEL_ID,
    "Retain Cloze",
    fields=[{"name": "Text"}, {"name": "Back Extra"}, {"name": "Source"}, {"name": "Article"}],
    templates=[
        {
            "name": "Cloze",
            "qfmt": "{{cloze:Text}}",
            "afmt": "{{cloze:Text}}{{#Back Extra}}<p>{{Back Extra}}</p>{{/Back Extra}}" + _SOURCE,
        }
    ],
    css=_CSS,
    model_type=genanki.Model.CLOZE,
)
_CLOZE = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)


def write(items: Sequence[Item], *, title: str = "", key: str = "") -> bytes:
    """Cards as an Anki package; ``key`` is the deck's identity (the same key, the same Anki deck)."""
    deck = genanki.Deck(_stable_id(key or title or "retain"), title or "Retain")
    for item in items:
        tags = [re.sub(r"\s+", "_", t.strip()) for t in item.tags if t.strip()]
        guid = genanki.guid_for("retain", item.key) if item.key else None
        source = text_to_html(item.evidence)
        article = text_to_html(item.source_title)
        if item.type == "cloze":
            before, after = item.blank_parts()
            text = (
                f"{text_to_html(before)}{{{{c1::{text_to_html(item.back)}}}}}{text_to_html(after)}"
            )
            fields = [text, text_to_html(item.explanation), source, article]
            note = genanki.Note(model=CLOZE_MODEL, fields=fields, tags=tags, guid=guid)
        else:
            fields = [
                text_to_html(item.prompt),
                text_to_html(item.back),
                text_to_html(item.explanation),
                source,
                article,
                item.type,
            ]
            note = genanki.Note(model=BASIC_MODEL, fields=fields, tags=tags, guid=guid)
        deck.add_note(note)
    with tempfile.TemporaryDirectory() as folder:
        path = f"{folder}/deck.apkg"
        genanki.Package(deck).write_to_file(path)
        with open(path, "rb") as written:
            return written.read()


def _stable_id(key: str) -> int:
    """A deck id from a key: the same key gives the same id on every export."""
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    return (int.from_bytes(digest[:6], "big") % (1 << 40)) + (1 << 30)


# --- Reading -------------------------------------------------------------------------------


@dataclass(frozen=True)
class NoteType:
    name: str
    cloze: bool
    fields: tuple[str, ...]


def read(data: bytes) -> Read:
    """Read an Anki package's Basic and Cloze notes as cards; problems name the note."""
    check_size(data)
    archive = Archive(data, what="Anki package")
    database = _collection(archive)
    try:
        types = _note_types(database)
        rows = database.execute(
            "SELECT id, guid, mid, tags, flds FROM notes ORDER BY id"
        ).fetchall()
    except sqlite3.DatabaseError as error:
        raise FormatError(f"The Anki collection cannot be read ({error}).") from None
    finally:
        database.close()
    found = Read()
    for number, (_id, guid, mid, tags, fields) in enumerate(rows, start=1):
        where = f"note {number}"
        note_type = types.get(mid)
        if note_type is None:
            found.problems.append(Problem(where, "its note type is missing from the package."))
            continue
        values = dict(zip(note_type.fields, str(fields).split("\x1f"), strict=False))
        tag_list = tuple(t.replace("_", " ") for t in str(tags).split() if t)
        try:
            found.items.extend(_cards(note_type, values, tag_list, str(guid), where))
        except FormatError as error:
            found.problems.append(Problem(where, error.message))
    if not rows:
        raise FormatError("The Anki package holds no notes.")
    return found


def _cards(
    note_type: NoteType, values: dict[str, str], tags: tuple[str, ...], guid: str, where: str
) -> list[Item]:
    lowered = {name.lower(): value for name, value in values.items()}
    source = html_to_text(lowered.get("source", ""))
    article = html_to_text(lowered.get("article", ""))
    if note_type.cloze:
        text = values.get(note_type.fields[0], "") if note_type.fields else ""
        extra = html_to_text(lowered.get("back extra", lowered.get("extra", "")))
        numbers = sorted({int(m.group(1)) for m in _CLOZE.finditer(text)})
        if not numbers:
            raise FormatError(
                f"a “{note_type.name}” note without a cloze deletion ({{{{c1::…}}}})."
            )
        cards = []
        for number in numbers:
            answers = [m.group(2) for m in _CLOZE.finditer(text) if int(m.group(1)) == number]

            def shown(match: re.Match[str], wanted: int = number) -> str:
                return BLANK if int(match.group(1)) == wanted else match.group(2)

            front = html_to_text(_CLOZE.sub(shown, text))
            back = " / ".join(html_to_text(a) for a in answers)
            cards.append(
                Item(
                    kind="card",
                    type="cloze",
                    prompt=front,
                    back=back,
                    explanation=extra,
                    tags=tags,
                    evidence=source,
                    source_title=article,
                    key=guid,
                    where=where if len(numbers) == 1 else f"{where} (cloze {number})",
                )
            )
        return cards
    names = [name.lower() for name in note_type.fields]
    if names[:2] != ["front", "back"]:
        raise FormatError(
            f"its note type “{note_type.name}” is neither Basic nor Cloze "
            f"(fields: {', '.join(note_type.fields)}); Retain imports Basic and Cloze notes only."
        )
    kind = lowered.get("kind", "").strip()
    return [
        Item(
            kind="card",
            type=kind if kind in ("basic", "reverse") else "basic",
            prompt=html_to_text(lowered.get("front", "")),
            back=html_to_text(lowered.get("back", "")),
            explanation=html_to_text(lowered.get("extra", "")),
            tags=tags,
            evidence=source,
            source_title=article,
            key=guid,
            where=where,
        )
    ]


def _collection(archive: Archive) -> sqlite3.Connection:
    """The package's collection as an in-memory SQLite database."""
    if "collection.anki21b" in archive:
        raw = _unzstd(archive.read("collection.anki21b"))
    elif "collection.anki21" in archive:
        raw = archive.read("collection.anki21")
    elif "collection.anki2" in archive:
        raw = archive.read("collection.anki2")
    else:
        raise FormatError("The zip holds no Anki collection (collection.anki2): not an .apkg.")
    if not raw.startswith(b"SQLite format 3\x00"):
        raise FormatError("The Anki collection is not an SQLite database.")
    if raw[18:20] == b"\x02\x02":  # WAL mode: an in-memory copy must use a rollback journal
        raw = raw[:18] + b"\x01\x01" + raw[20:]
    database = sqlite3.connect(":memory:")
    try:
        database.deserialize(raw)
    except sqlite3.DatabaseError as error:
        database.close()
        raise FormatError(f"The Anki collection cannot be read ({error}).") from None
    return database


def _unzstd(data: bytes) -> bytes:
    import zstandard  # only current Anki's packages need it

    reader = zstandard.ZstdDecompressor().stream_reader(io.BytesIO(data))
    out = reader.read(MAX_UNZIPPED_BYTES + 1)
    if len(out) > MAX_UNZIPPED_BYTES:
        raise FormatError(
            f"The Anki collection unpacks to more than {megabytes(MAX_UNZIPPED_BYTES)}."
        )
    return bytes(out)


def _note_types(database: sqlite3.Connection) -> dict[int, NoteType]:
    tables = {row[0] for row in database.execute("SELECT name FROM sqlite_master")}
    if "notetypes" in tables:  # schema 18 (Anki 2.1.28+): one row per note type
        fields: dict[int, list[str]] = {}
        for ntid, name in database.execute("SELECT ntid, name FROM fields ORDER BY ntid, ord"):
            fields.setdefault(int(ntid), []).append(str(name))
        return {
            int(ntid): NoteType(
                str(name), _config_kind(bytes(config)) == 1, tuple(fields.get(int(ntid), []))
            )
            for ntid, name, config in database.execute("SELECT id, name, config FROM notetypes")
        }
    row = database.execute("SELECT models FROM col").fetchone()
    models = json.loads(row[0]) if row and row[0] else {}
    return {
        int(mid): NoteType(
            str(model.get("name", "")),
            int(model.get("type", 0)) == 1,
            tuple(
                str(f.get("name", ""))
                for f in sorted(model.get("flds", []), key=lambda f: f.get("ord", 0))
            ),
        )
        for mid, model in models.items()
    }


def _config_kind(config: bytes) -> int:
    """Field 1 (``kind``: 0 normal, 1 cloze) of Anki's ``NotetypeConfig`` protobuf message."""
    at = 0
    while at < len(config):
        key, at = _varint(config, at)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, at = _varint(config, at)
            if number == 1:
                return value
        elif wire == 2:
            length, at = _varint(config, at)
            at += length
        elif wire == 5:
            at += 4
        elif wire == 1:
            at += 8
        else:
            break
    return 0


def _varint(data: bytes, at: int) -> tuple[int, int]:
    value = shift = 0
    while at < len(data):
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            break
        shift += 7
    return value, at
