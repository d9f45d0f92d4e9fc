"""Reading untrusted files safely: size limits, text encoding, XML and zip archives. Pure Python.

Every import goes through here before a format looks at it:

* ``check_size`` refuses an empty file and one over ``MAX_FILE_BYTES``;
* ``decode_text`` wants UTF-8 and names the line of the first byte that is not;
* ``parse_xml`` uses defusedxml: a DTD, an entity declaration (billion laughs) or an external
  entity (XXE) is refused before anything is expanded or fetched, and a malformed document is
  refused with its line and column;
* ``Archive`` opens a zip in memory and checks, before reading any member, the number of
  entries, the total size they claim, each member's compression ratio and its name (no absolute
  paths, no ``..``); reading a member counts the bytes actually inflated, so a member that lies
  about its size is stopped at the limit. Members are looked up by name in memory: no path on
  disk is ever built from a member name.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO, TYPE_CHECKING

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden
from defusedxml import ElementTree as SafeET

from quizzes.interop.items import FormatError

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_ZIP_ENTRIES = 20_000
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
# XML and SQLite compress well (10-20×); a zip bomb expands thousands of times.
MAX_RATIO = 100
_CHUNK = 64 * 1024


def megabytes(size: int) -> str:
    return f"{size / 1_048_576:.1f} MB"


def check_size(data: bytes, *, limit: int = MAX_FILE_BYTES) -> None:
    """Refuse an empty file and one larger than ``limit``."""
    if not data or not data.strip():
        raise FormatError("The file is empty.")
    if len(data) > limit:
        raise FormatError(
            f"The file is {megabytes(len(data))}; the limit is {limit // 1_048_576} MB. "
            "Split it into smaller files."
        )


def decode_text(data: bytes) -> str:
    """The file as text (UTF-8, with or without a byte-order mark), Unix line endings."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise FormatError(
            f"this is not UTF-8 text (byte 0x{data[error.start]:02x} at column {column}). "
            "Save the file as UTF-8 and upload it again.",
            where=f"line {line}",
        ) from None
    if not text.strip():
        raise FormatError("The file is empty.")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_xml(data: bytes | str, *, what: str = "the file") -> Element:
    """Parse untrusted XML: no DTD, no entities, no network. Raises ``FormatError`` naming the
    line (and column) at fault."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        root: Element = SafeET.fromstring(
            raw, forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
    except DTDForbidden:
        raise FormatError(
            f"{what} declares a DTD (<!DOCTYPE …>). Retain reads no DTDs or entities: that is "
            "how entity-expansion (“billion laughs”) and external-entity attacks work.",
            where=_line_of(raw, b"<!DOCTYPE"),
        ) from None
    except EntitiesForbidden as error:
        external = bool(getattr(error, "sysid", None) or getattr(error, "pubid", None))
        raise FormatError(
            f"{what} declares an {'external ' if external else ''}entity "
            f"“{getattr(error, 'name', '')}”; Retain reads no entities.",
            where=_line_of(raw, b"<!ENTITY"),
        ) from None
    except DefusedXmlException as error:
        raise FormatError(f"{what} uses XML features Retain refuses ({error}).") from None
    except SafeET.ParseError as error:
        line, column = getattr(error, "position", (0, 0))
        reason = str(error).split(":", 1)[0]
        raise FormatError(
            f"{what} is not well-formed XML ({reason}).", where=f"line {line}, column {column + 1}"
        ) from None
    return root


def _line_of(data: bytes, marker: bytes) -> str:
    at = data.find(marker)
    return f"line {data[:at].count(b'\n') + 1}" if at >= 0 else ""


def safe_member_name(name: str) -> bool:
    """Whether a zip member (or a manifest's ``href``) names a file inside the package."""
    if not name or name.startswith(("/", "\\")) or "\\" in name or "\x00" in name:
        return False
    if re.match(r"^[A-Za-z]:", name):
        return False
    return ".." not in PurePosixPath(name).parts


@dataclass(frozen=True)
class ZipLimits:
    entries: int = MAX_ZIP_ENTRIES
    total: int = MAX_UNZIPPED_BYTES
    ratio: int = MAX_RATIO


class Archive:
    """A zip file held in memory, checked before any member is read (see the module's doc)."""

    def __init__(self, data: bytes, *, what: str = "package", limits: ZipLimits | None = None):
        self.limits = limits or ZipLimits()
        self.what = what
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
            raise FormatError(f"The file is not a zip archive (a {what} is one).") from None
        if len(infos) > self.limits.entries:
            raise FormatError(
                f"The {what} holds {len(infos):,} files; the limit is {self.limits.entries:,}."
            )
        total = 0
        for info in infos:
            if not safe_member_name(info.filename):
                raise FormatError(
                    "a file name that points outside the package (absolute, or with “..”); "
                    "the package is refused.",
                    where=f"member “{info.filename}”",
                )
            if info.flag_bits & 0x1:
                raise FormatError("it is encrypted.", where=f"member “{info.filename}”")
            if info.file_size > self.limits.ratio * max(info.compress_size, 1) and (
                info.file_size > 1024 * 1024
            ):
                raise FormatError(
                    f"it expands {info.file_size // max(info.compress_size, 1):,} times "
                    f"(to {megabytes(info.file_size)}); the limit is {self.limits.ratio} times. "
                    "That is how zip bombs work.",
                    where=f"member “{info.filename}”",
                )
            total += info.file_size
        if total > self.limits.total:
            raise FormatError(
                f"The {what} unpacks to {megabytes(total)}; the limit is "
                f"{self.limits.total // 1_048_576} MB."
            )
        if total > 1024 * 1024 and total > self.limits.ratio * len(data):
            raise FormatError(
                f"The {what} expands {total // max(len(data), 1):,} times; the limit is "
                f"{self.limits.ratio} times. That is how zip bombs work."
            )
        self._infos = {info.filename: info for info in infos}
        self._budget = self.limits.total

    def names(self) -> list[str]:
        return list(self._infos)

    def __contains__(self, name: str) -> bool:
        return name in self._infos

    def read(self, name: str) -> bytes:
        """One member's bytes. Counts what is actually inflated: a member that inflates past
        its declared size, or past what is left of the total, is refused."""
        info = self._infos.get(name)
        if info is None:
            raise FormatError(f"The {self.what} has no file “{name}”.")
        allowed = min(info.file_size, self._budget)
        out = bytearray()
        try:
            with self._zip.open(info) as member:
                for chunk in _chunks(member):
                    out += chunk
                    if len(out) > allowed:
                        raise FormatError(
                            "it inflates past its declared size or the package's limit.",
                            where=f"member “{name}”",
                        )
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError) as error:
            raise FormatError(f"it cannot be read ({error}).", where=f"member “{name}”") from None
        self._budget -= len(out)
        return bytes(out)


def _chunks(stream: IO[bytes]) -> Iterator[bytes]:
    while chunk := stream.read(_CHUNK):
        yield chunk
