"""The formats Retain reads and writes, by name: what each carries, its file name and type,
its reader and its writer. Pure Python; the one place a new format is registered."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from quizzes.interop import anki, delimited, gift, moodle_xml, qti
from quizzes.interop.items import FormatError, Item, Read

Reader = Callable[[bytes], Read]
Writer = Callable[..., bytes]


@dataclass(frozen=True)
class Format:
    name: str
    label: str
    extension: str
    content_type: str
    kinds: frozenset[str]  # what it carries: "question", "card"
    read: Reader | None
    write: Writer | None
    readers: str  # who reads it (the README's table)


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format(
            "moodle_xml", "Moodle XML", ".xml", "application/xml", frozenset({"question"}),
            moodle_xml.read, moodle_xml.write, "Moodle (question bank import)",
        ),
        Format(
            "gift", "GIFT", ".gift", "text/plain; charset=utf-8", frozenset({"question"}),
            gift.read, gift.write, "Moodle; GIFT editors",
        ),
        Format(
            "qti3", "QTI 3.0 package", ".zip", "application/zip", frozenset({"question"}),
            qti.read, qti.write, "QTI 3.0 platforms (TAO, Citolab's player; LMSs adopting QTI 3)",
        ),
        Format(
            "qti21", "QTI 2.1 package", ".zip", "application/zip", frozenset({"question"}),
            qti.read, qti.write_21, "Canvas, Blackboard Learn, Brightspace (their QTI 2.1 package import)",
        ),
        Format(
            "apkg", "Anki package", ".apkg", "application/octet-stream", frozenset({"card"}),
            anki.read, anki.write, "Anki (desktop, AnkiDroid, AnkiMobile)",
        ),
        Format(
            "csv", "CSV (Retain columns)", ".csv", "text/csv; charset=utf-8",
            frozenset({"question", "card"}), delimited.read_csv, delimited.write_csv,
            "Excel, LibreOffice, Google Sheets; Retain",
        ),
        Format(
            "tsv", "TSV (Retain columns)", ".tsv", "text/tab-separated-values; charset=utf-8",
            frozenset({"question", "card"}), delimited.read_tsv, delimited.write_tsv,
            "spreadsheets; Retain",
        ),
        Format(
            "quizlet", "Quizlet (term⇥definition)", ".txt", "text/plain; charset=utf-8",
            frozenset({"card"}), delimited.read_quizlet, delimited.write_quizlet,
            "Quizlet (import: “Between term and definition: Tab”)",
        ),
        Format(
            "anki_text", "Anki text notes", ".txt", "text/plain; charset=utf-8",
            frozenset({"card"}), delimited.read_anki_text, delimited.write_anki_text,
            "Anki (File › Import, “Notes in Plain Text”)",
        ),
    )
}  # fmt: skip


def export_formats(kind: str) -> list[Format]:
    """The formats that can carry items of ``kind`` out of Retain."""
    return [f for f in FORMATS.values() if kind in f.kinds and f.write is not None]


def import_formats() -> list[Format]:
    return [f for f in FORMATS.values() if f.read is not None]


def detect(filename: str, data: bytes) -> Format:
    """The format of an uploaded file, from its name and first bytes."""
    suffix = PurePath(filename).suffix.lower()
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if data[:2] == b"PK":
        if suffix in {".apkg", ".colpkg"}:
            return FORMATS["apkg"]
        return FORMATS["qti21"] if _qti_version(data) == "2.1" else FORMATS["qti3"]
    if suffix == ".xml" or head.startswith(b"<"):
        return FORMATS["moodle_xml"]
    if suffix == ".csv":
        return FORMATS["csv"]
    if suffix == ".tsv":
        header = head.split(b"\n", 1)[0].decode("utf-8", "replace").lower()
        return FORMATS["tsv"] if header.startswith(("type\t", "kind\t")) else FORMATS["quizlet"]
    if suffix == ".gift":
        return FORMATS["gift"]
    if suffix in {".txt", ""}:
        if head.startswith((b"#separator", b"#html")):
            return FORMATS["anki_text"]
        first = head.split(b"\n", 1)[0]
        if b"\t" in first and b"{" not in first:
            return FORMATS["quizlet"]
        return FORMATS["gift"]
    raise FormatError(
        f"Retain does not know the format of “{filename}”: use .xml (Moodle), .gift, .zip (QTI), "
        ".apkg (Anki), .csv, .tsv or .txt (Quizlet or Anki text), or choose the format."
    )


def _qti_version(data: bytes) -> str:
    """The QTI version a package's manifest declares (read with the zip checks)."""
    from quizzes.interop.safety import Archive

    try:
        archive = Archive(data, what="QTI package")
        manifest = archive.read("imsmanifest.xml") if "imsmanifest.xml" in archive else b""
    except FormatError:
        return "3.0"  # the reader will say what is wrong
    return "2.1" if b"imsqti_item_xmlv2p" in manifest else "3.0"


def write(format_name: str, items: Sequence[Item], *, title: str = "", key: str = "") -> bytes:
    """``items`` in the named format; ``title`` names the file's contents (a course, a quiz, a
    deck), ``key`` their identity where the format keeps one (an Anki deck's id)."""
    writer = FORMATS[format_name].write
    if writer is None:
        raise FormatError(f"Retain cannot write {FORMATS[format_name].label}.")
    return writer(items, title=title, key=key)
