"""Turn what an instructor hands in (pasted text, an uploaded file) into article text.

Plain Python, no Django: decoding, HTML reduction to the main text, language detection and the
checksum that de-duplicates articles. Every failure is an ``IngestError`` with a message for a person.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePath

MAX_CHARS = 200_000
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
ALLOWED_SUFFIXES = {
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
}
# Below this many letters the language detector guesses; we accept short English-looking text.
MIN_LETTERS_FOR_LANGUAGE = 40
MIN_WORDS = 5

_LANGUAGE_NAMES = {
    "de": "German",
    "es": "Spanish",
    "fr": "French",
    "it": "Italian",
    "nl": "Dutch",
    "pt": "Portuguese",
    "ru": "Russian",
    "zh": "Chinese",
    "ja": "Japanese",
    "ko": "Korean",
    "ar": "Arabic",
    "pl": "Polish",
    "sv": "Swedish",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "da": "Danish",
    "no": "Norwegian",
    "fi": "Finnish",
}
_HTML_HINT = re.compile(r"<\s*(html|body|div|p|article|head|span|br|h[1-6])\b", re.IGNORECASE)


class IngestError(ValueError):
    """The input cannot become an article; ``field`` names the input at fault."""

    def __init__(self, message: str, *, field: str = "text") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class Article:
    text: str
    format: str
    title: str = ""
    author: str = ""
    url: str = ""


def decode_upload(data: bytes, filename: str) -> tuple[str, str]:
    """Check an uploaded file's size, type and encoding; return (decoded text, format)."""
    suffix = PurePath(filename).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        allowed = ", ".join(sorted(ALLOWED_SUFFIXES))
        raise IngestError(f"Upload a {allowed} file; “{filename}” is not one.", field="file")
    if len(data) > MAX_UPLOAD_BYTES:
        raise IngestError(
            f"The file is {len(data) / 1_048_576:.1f} MB; the limit is 2 MB.", field="file"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise IngestError(
            f"The file is not UTF-8 text (invalid byte at position {error.start}). "
            "Save it as UTF-8 and upload it again.",
            field="file",
        ) from None
    return text, ALLOWED_SUFFIXES[suffix]


def looks_like_html(text: str) -> bool:
    return bool(_HTML_HINT.search(text[:5000]))


def html_to_text(html: str) -> Article:
    """Reduce an HTML page to its main text (paragraphs separated by blank lines) and metadata."""
    import trafilatura  # imported here: it pulls lxml and is only needed for HTML

    extracted = trafilatura.extract(
        html, favor_recall=True, include_comments=False, include_tables=False
    )
    if not extracted or not extracted.strip():
        raise IngestError("No readable article text was found in this HTML.")
    metadata = trafilatura.extract_metadata(html)
    paragraphs = [line.strip() for line in extracted.splitlines() if line.strip()]
    return Article(
        text="\n\n".join(paragraphs),
        format="html",
        title=(metadata.title or "") if metadata else "",
        author=(metadata.author or "") if metadata else "",
        url=(metadata.url or "") if metadata else "",
    )


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language, by py3langid (it ships its own model)."""
    import py3langid

    code, _score = py3langid.classify(text[:20_000])
    return str(code)


def prepare(raw: str, *, format: str = "text") -> Article:
    """Validate and normalise an article: limits, HTML reduction, language. Raises IngestError."""
    if "\x00" in raw:
        raise IngestError("The text contains binary data (NUL bytes); paste or upload plain text.")
    # A browser's textarea sends CRLF line ends; paragraphs are found at blank lines ("\n\n").
    raw = unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n"))
    if not raw.strip():
        raise IngestError("The article is empty.")
    if len(raw) > MAX_CHARS * 5 or (format != "html" and len(raw) > MAX_CHARS):
        raise IngestError(
            f"The article has {len(raw):,} characters; the limit is {MAX_CHARS:,}. Split it into parts."
        )
    if format == "html" or (format == "text" and looks_like_html(raw)):
        article = html_to_text(raw)
    else:
        article = Article(text=raw.strip(), format=format)
    if len(article.text) > MAX_CHARS:
        raise IngestError(
            f"The article has {len(article.text):,} characters of text; the limit is {MAX_CHARS:,}."
        )
    words = len(article.text.split())
    if words < MIN_WORDS:
        raise IngestError(
            f"The article is too short to study: {words} word{'s' if words != 1 else ''}."
        )
    letters = sum(ch.isalpha() for ch in article.text)
    if letters < len(article.text) * 0.5 and letters < 200:
        raise IngestError("The text has too few letters to be an article.")
    if letters >= MIN_LETTERS_FOR_LANGUAGE:
        language = detect_language(article.text)
        if language != "en":
            name = _LANGUAGE_NAMES.get(language, language)
            raise IngestError(
                f"Retain handles English articles; this one looks like {name} ({language})."
            )
    return article


def checksum(text: str) -> str:
    """SHA-256 of the text with whitespace collapsed, so re-pasting with other line breaks matches."""
    normalised = " ".join(text.split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


# A title the text gives is short and is not a sentence: the first line of an article that is
# followed by more text, has at most this many words and does not end like a sentence.
TITLE_MAX_WORDS = 15
TITLE_MAX_CHARS = 150
# A guessed title: this many words of the first sentence, then "…".
GUESS_WORDS = 8
_ATX_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$")
_SETEXT_UNDERLINE = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_SENTENCE_END = re.compile(r"[.!?:;,…]['\"’”)\]]*$")


@dataclass(frozen=True)
class Title:
    """An article's title and whether Retain guessed it (the instructor is asked to confirm)."""

    text: str
    guessed: bool


def title_of(article: Article) -> Title:
    """The article's own title: an HTML page's (trafilatura's metadata: its title, or first
    heading), else the text's first heading (Markdown ``#`` or underlined), else a short first
    line that is not a sentence. When there is none, a guess of a few words of the first sentence,
    marked ``guessed`` — never the whole first sentence."""
    if article.title.strip():
        return Title(_clip(" ".join(article.title.split())), guessed=False)
    lines = [line.strip() for line in article.text.splitlines()]
    for number, line in enumerate(lines):
        heading = _ATX_HEADING.match(line)
        if heading:
            return Title(_clip(heading.group(2)), guessed=False)
        following = lines[number + 1] if number + 1 < len(lines) else ""
        if line and _SETEXT_UNDERLINE.match(following):
            return Title(_clip(line), guessed=False)
    content = [line for line in lines if line]
    if not content:
        return Title("Untitled article", guessed=True)
    first = content[0]
    if len(content) > 1 and _looks_like_a_title(first):
        return Title(first.lstrip("#").strip(), guessed=False)
    return Title(_guess(first), guessed=True)


def _looks_like_a_title(line: str) -> bool:
    words = line.split()
    return (
        0 < len(words) <= TITLE_MAX_WORDS
        and len(line) <= TITLE_MAX_CHARS
        and not _SENTENCE_END.search(line)
    )


def _guess(line: str) -> str:
    sentence = re.split(r"(?<=[.!?])\s", line, maxsplit=1)[0]
    words = sentence.split()
    if len(words) <= GUESS_WORDS:
        return _clip(sentence.rstrip(".!?:;,"))
    return " ".join(words[:GUESS_WORDS]).rstrip(".,;:!?") + "…"


def _clip(text: str, limit: int = TITLE_MAX_CHARS) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
