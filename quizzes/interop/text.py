"""Plain text in and out of the HTML that Moodle, QTI and Anki carry. Pure Python.

Retain keeps plain text. On the way out a text is escaped and its line breaks become ``<br>``;
on the way in, markup is reduced to its text: block ends and ``<br>`` become line breaks,
entities are decoded, runs of spaces collapse. Images, formulas and styling are not kept.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

_BLOCKS = {"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre"}


class _TextOf(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style"}:
            self._skip += 1
        elif tag == "br" or tag in _BLOCKS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"}:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """The text of an HTML fragment (or of plain text that may hold entities)."""
    if "<" not in markup and "&" not in markup:
        return tidy(markup)
    parser = _TextOf()
    parser.feed(markup)
    parser.close()
    return tidy("".join(parser.parts))


def text_to_html(text: str) -> str:
    """Plain text as an HTML fragment: escaped, line breaks as ``<br>``."""
    return html.escape(text, quote=False).replace("\n", "<br>")


def tidy(text: str) -> str:
    """Non-breaking spaces as spaces, spaces collapsed within lines, blank runs of lines as one
    line break, trimmed."""
    text = text.replace("\xa0", " ").replace("\r\n", "\n").replace("\r", "\n")
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line).strip()
