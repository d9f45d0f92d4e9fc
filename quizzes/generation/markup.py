"""Turn pasted HTML into plain text while remembering where every character came from.

Only a small, forgiving tag stripper: we need the visible prose of a page that someone pasted,
not a faithful renderer. Navigation, headers, footers, scripts and forms are dropped whole.
"""

from __future__ import annotations

import html
import re

_TAG_HINT = re.compile(
    r"<\s*/?\s*(?:p|div|span|br|a|html|body|head|script|style|li|ul|ol|h[1-6]|table|tr|td|img|"
    r"section|article|nav|header|footer|meta|link|em|strong|b|i)\b[^>]*>",
    re.IGNORECASE,
)
_TAG = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<[^<>]{0,2000}>", re.DOTALL)
_TAG_NAME = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9]*)")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});")
# Elements whose whole content is page furniture or code, never article prose.
_SKIP = frozenset(
    {"script", "style", "noscript", "head", "nav", "header", "footer", "aside", "form", "svg",
     "template", "iframe", "button", "select"}
)  # fmt: skip
_BLOCK = frozenset(
    {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
     "section", "article", "blockquote", "main", "dd", "dt", "figcaption", "hr", "title", "pre"}
)  # fmt: skip


def looks_like_html(text: str) -> bool:
    """True when the text holds enough markup that it must be stripped before analysis."""
    hits = len(_TAG_HINT.findall(text[:200_000]))
    return hits >= 3 or (hits >= 1 and text.lstrip().startswith("<"))


def html_to_text(raw: str) -> tuple[str, list[int]]:
    """Strip tags and decode entities.

    Returns the visible text and, for each of its characters, the offset in ``raw`` it came
    from (inserted line breaks point at their tag). Never raises on malformed markup.
    """
    out: list[str] = []
    where: list[int] = []
    skipping: list[str] = []
    position = 0
    for match in _TAG.finditer(raw):
        if not skipping:
            _append_text(raw, position, match.start(), out, where)
        position = match.end()
        name_match = _TAG_NAME.match(match.group(0))
        if name_match is None:
            continue
        closing, name = name_match.group(1) == "/", name_match.group(2).lower()
        self_closing = match.group(0).endswith("/>")
        if name in _SKIP and not self_closing:
            if closing:
                if name in skipping:
                    while skipping and skipping.pop() != name:
                        pass
            else:
                skipping.append(name)
            continue
        if not skipping and name in _BLOCK:
            marker = "\n• " if name == "li" and not closing else "\n"
            out.append(marker)
            where.extend([match.start()] * len(marker))
    if not skipping:
        _append_text(raw, position, len(raw), out, where)
    return "".join(out), where


def _append_text(raw: str, start: int, end: int, out: list[str], where: list[int]) -> None:
    position = start
    for entity in _ENTITY.finditer(raw, start, end):
        out.append(raw[position : entity.start()])
        where.extend(range(position, entity.start()))
        decoded = html.unescape(entity.group(0))
        out.append(decoded)
        where.extend([entity.start()] * len(decoded))
        position = entity.end()
    out.append(raw[position:end])
    where.extend(range(position, end))
