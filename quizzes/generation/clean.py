"""Clean stage: raw article text (or pasted HTML) → :class:`Document`.

What goes in: any string. What comes out: the article body as paragraphs separated by blank
lines, the title, what was removed and why, and a map from cleaned offsets back to the original.
What can fail: :class:`GenerationError` for empty, binary-looking, non-English or furniture-only
input, or text longer than ``Options.max_chars``.

Page furniture is removed by general rules about *kinds* of lines (navigation and
call-to-action labels, bylines, licence lines, end-of-article markers, repeated titles, pull
quotes), never by listing one site's strings.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .language import check_english
from .markup import html_to_text, looks_like_html
from .types import Document, GenerationError, OffsetMap, RemovedText

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_BULLET = re.compile(r"^(?:[•·▪◦‣●○■□►▸✓✔*+\-–—]|\(?\d{1,2}[.)]|\(?[a-h][.)])\s+")
_TERMINAL = re.compile(r"[.!?;:…][\"”’')\]]*$")
_NAV_LABEL = re.compile(
    r"^(?:recommended|related(?: articles?| posts?| stories| content| reading| links)?|"
    r"read (?:more|next|also|this)|see also|also read|also see|more (?:from|on|stories|news)|"
    r"you (?:may|might) also (?:like|enjoy)|watch|listen(?: to)?|subscribe|sign up|share(?: this)?|"
    r"follow (?:us|me)|click here|load more|show more|view more|advertisement|sponsored|"
    r"continue reading|next (?:article|post|story)|previous (?:article|post|story)|tags?|"
    r"filed under|topics?|categories|comments?|leave a (?:reply|comment)|newsletter|"
    r"download|print|email|back to top|skip to content|menu|home|enlarge(?: this image)?|highlight|"
    r"toggle caption|hide caption|show caption|expand|collapse|close|play(?: video)?|tweet|pin it|"
    r"image \d+ of \d+|\d+ of \d+|gallery|photos?|video)\b",
    re.IGNORECASE,
)
# Section labels after which a page carries only furniture (when little text follows them).
_END_MARKER = re.compile(
    r"^(?:related\b|more (?:from|on|stories|news)\b|you (?:may|might) also\b|read (?:more|next)\b|"
    r"recommended for you\b|comments?\b|leave a (?:reply|comment)\b|load more\b|show more\b|"
    r"about the author\b|share this\b|tags?\b|most (?:read|popular|viewed|shared)\b|trending\b|"
    r"popular now\b|see also\b|further reading\b)",
    re.IGNORECASE,
)
_LICENCE = re.compile(
    r"©|\(c\)\s*\d{4}|\bcopyright\b|all rights reserved|creative commons|\bCC[ -]BY\b|"
    r"\blicen[cs]ed under\b|\bprotected by\b.*\blicen[cs]e\b|\bterms of (?:use|service)\b|"
    r"\bprivacy policy\b",
    re.IGNORECASE,
)
_BYLINE = re.compile(
    r"^(?:by|written by|posted by|published by|author:|posted on|published on|updated:?|"
    r"photo:|photograph:|photos:|image:|images:|credit:|credits:|caption:|source:|via|"
    r"courtesy of|illustration:|graphic:|video:|photo by|image by|photo credit:|image credit:)"
    r"\s+\S|^\d+\s+min(?:ute)?s? read\b|^\S.{0,60}\b(?:getty images|ap photo|reuters|afp|"
    r"shutterstock|wikimedia commons|istock)\b[^.]{0,40}$",
    re.IGNORECASE,
)
# A columnist's blurb under the piece: "Imogen Ashworth-Kabir writes about education and family
# life. She has two children …" (a reader's note on the writer, never the article's claims).
_AUTHOR_BLURB = re.compile(
    r"^(?:[A-Z][\w'’.-]+ ){1,3}(?:writes|reports|blogs) (?:about|on)\b"
    r"|^(?:[A-Z][\w'’.-]+ ){1,3}is an? (?:[\w-]+ ){0,3}(?:columnist|contributing editor)\b"
    r"|^(?i:author's note|about the author)\b"
    r"|\b(?i:views (?:expressed )?(?:in this \w+ |here )?are (?:the (?:writer|author)'s|his|her|their|my) own)\b"
)
# "We use cookies and similar tools …", "Cookies help us …": a consent banner, not the article.
_COOKIE_NOTICE = re.compile(
    r"\b(?:use|uses|using|use of|store|stores) (?:\w+ ){0,3}cookies\b"
    r"|\bcookies? (?:notice|policy|settings|preferences|help us)\b|^cookies?:|\baccept (?:all )?cookies\b",
    re.IGNORECASE,
)
_PRICE = re.compile(r"(?:[$€£¥]\s?\d[\d,.]*|\d[\d,.]*\s?(?:USD|EUR|GBP|dollars|euros))")
_SITE_FOOTER = re.compile(
    r"^(?:the|this|our)\s+(?:[\w&'’-]+\s+){0,4}(?:blog|site|website|newsletter|magazine|podcast|"
    r"publication|journal)s?\s+(?:is|are)\s+(?:written|published|edited|produced|run|maintained)\b|"
    r"\bviews expressed\b|\bopinions expressed\b|\bdo not necessarily reflect\b",
    re.IGNORECASE,
)
_DATE_LINE = re.compile(
    r"^(?:\w+day,?\s+)?(?:\d{1,2}\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
    r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}$|^\d{4}-\d{2}-\d{2}$|^\d{1,2}/\d{1,2}/\d{2,4}$",
    re.IGNORECASE,
)
# "… with Evan Kemp (left) and Justin Dart Jr. (right).": who stands where is a photo's caption.
_CAPTION_MARK = re.compile(
    r"\((?:left|right|centre|center|pictured|top|bottom|foreground|background|inset)\)",
    re.IGNORECASE,
)
# "Roosevelt signs the act at the White House, 22 June 1944, watched by …" and "John Hunt, the
# expedition's leader, photographed before the party left London.": a date set off by commas in
# a one-line paragraph, or a name followed by "photographed" / "pictured" / "seen", is a caption.
_CAPTION_SHAPE = re.compile(
    r"^[^.!?]*, \d{1,2} (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]* \d{4}[,.]"
    r"[^.!?]*\.?$|^[^.!?]{3,120}, (?:photographed|pictured|seen|shown) "
    r"(?:in|at|on|with|before|after|during)\b",
    re.IGNORECASE,
)
# "Rescue drill breaks through to Chilean miners (October 10 2010).": a linked headline.
_DATED_HEADLINE = re.compile(
    r"\((?:\w+\s+)?\d{1,2}(?:st|nd|rd|th)?,?\s+(?:\w+,?\s+)?\d{4}\)\.?$|"
    r"\((?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{4}\)\.?$",
    re.IGNORECASE,
)
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+(?=[\"“‘(]?[A-Z0-9])")
_WORD = re.compile(r"[a-z0-9]+")
_NEAR_DUPLICATE = 0.8
_MIN_DUPLICATE_WORDS = 5


@dataclass
class _Line:
    text: str
    positions: list[int]  # offset in the (HTML-stripped) source of every character of ``text``
    bullet: bool = False
    reason: str | None = None  # why it is removed; None while it is body text
    heading: bool = False
    cut: list[tuple[int, int]] = field(default_factory=list)  # sentence ranges removed inside


def clean_text(raw: str, *, max_chars: int = 300_000) -> Document:
    """Clean ``raw`` into a :class:`Document`; see the module docstring for the rules."""
    if not isinstance(raw, str) or not raw.strip():
        raise GenerationError("The text is empty: paste an article or upload a text file.")
    if len(raw) > max_chars:
        raise GenerationError(
            f"The text has {len(raw):,} characters; the limit is {max_chars:,}. "
            "Split it into several sources."
        )
    _check_not_binary(raw)
    source, where = html_to_text(raw) if looks_like_html(raw) else (raw, None)
    lines = _split_lines(source)
    title = _mark_furniture(lines)
    _mark_headings(lines)
    title = _headline(lines) or title
    body = [line for line in lines if line.reason is None]
    removed = [RemovedText(line.text, line.reason) for line in lines if line.reason is not None]
    removed.extend(_remove_repeated_sentences(body))
    body = [line for line in body if line.reason is None]
    text, positions, paragraphs, kept = _assemble(body)
    if not re.search(r"[^\W\d_]", text):
        raise GenerationError("No article text is left once navigation, titles and footers go.")
    check_english(text)
    if where is not None:
        positions = [where[p] if p < len(where) else len(raw) for p in positions]
    return Document(
        original=raw,
        text=text,
        title=title,
        paragraphs=tuple(paragraphs),
        offsets=_runs(positions),
        removed=tuple(removed),
        bullets=tuple(i for i, line in enumerate(kept) if line.bullet),
        headings=tuple(i for i, line in enumerate(kept) if line.heading),
    )


def _check_not_binary(raw: str) -> None:
    sample = raw[:100_000]
    odd = sum(
        1
        for ch in sample
        if (ch < " " and ch not in "\t\n\r\f\v") or ch == "\ufffd" or "\ue000" <= ch <= "\uf8ff"
    )
    if odd > max(2, len(sample) // 50):
        raise GenerationError("The file looks binary, not text: upload the article as plain text.")


def _split_lines(source: str) -> list[_Line]:
    """Split into whitespace-normalised lines, joining hard-wrapped lines of one paragraph."""
    lines: list[_Line] = []
    blank_before = True
    for match in re.finditer(r"[^\n\r\u2028\u2029]*", source):
        out: list[str] = []
        positions: list[int] = []
        for piece in re.finditer(r"[^\s\u200b\u200c\u200d\u2060\ufeff]+", match.group(0)):
            raw_word = piece.group(0)
            word = unicodedata.normalize("NFC", raw_word).translate(_ZERO_WIDTH)
            if not word:
                continue
            if out:
                out.append(" ")
                positions.append(match.start() + piece.start() - 1)
            start = match.start() + piece.start()
            out.append(word)
            if len(word) == len(raw_word):
                positions.extend(range(start, start + len(word)))
            else:  # normalisation changed the length: point every character at the word
                positions.extend([start] * len(word))
        if not out:
            if match.group(0) == "" and match.end() < len(source):
                continue  # the empty match between a line and its newline
            blank_before = True
            continue
        text = "".join(out)
        bullet = _BULLET.match(text)
        if bullet and len(text) > bullet.end():
            text, positions = text[bullet.end() :], positions[bullet.end() :]
        previous = lines[-1] if lines else None
        if (
            previous is not None
            and not blank_before
            and not bullet
            and not previous.bullet
            and text[:1].islower()
            and not _TERMINAL.search(previous.text)
        ):
            previous.positions.append(positions[0] - 1)
            previous.text += " " + text
            previous.positions.extend(positions)
        else:
            lines.append(_Line(text, positions, bullet=bullet is not None))
        blank_before = False
    return lines


def _key(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def _mark_furniture(lines: list[_Line]) -> str:
    """Set ``reason`` on furniture lines; return the title."""
    title = ""
    first = next(iter(lines), None)
    if first is not None and len(first.text.split()) <= 20 and not first.text.endswith("."):
        title = first.text
        first.reason = "title"
    title_key = _key(title)
    body_words = 0
    for number, line in enumerate(lines):
        if line.reason is not None:
            continue
        text = line.text
        words = len(text.split())
        if not re.search(r"[^\W\d_]", text):
            line.reason = "no words"
        elif title_key and _key(text) == title_key:
            line.reason = "repeated title"
        elif _END_MARKER.match(text) and not re.search(r":\s*\S", text) and words <= 6:
            rest = sum(len(later.text.split()) for later in lines[number + 1 :])
            if body_words and rest < body_words:
                line.reason = "end-of-article marker"
                for later in lines[number + 1 :]:
                    later.reason = later.reason or "after the end of the article"
                break
            line.reason = "navigation or call to action"
        elif _NAV_LABEL.match(text) and (
            re.match(r"^[^:]{1,40}:", text) or not _TERMINAL.search(text) or words <= 4
        ):
            line.reason = "navigation or call to action"
        elif _LICENCE.search(text) and words <= 60:
            line.reason = "licence or copyright line"
        elif (
            _BYLINE.match(text) and (words <= 14 or (re.search(r"[|·•]", text) and words <= 30))
        ) or _DATE_LINE.match(text):
            # "By Dr. Ilse Vanderkamp | Reviewed by the science desk | Updated 3 March"
            line.reason = "byline or date line"
        elif _AUTHOR_BLURB.match(text) and words <= 40:
            line.reason = "note on the author"
        elif _COOKIE_NOTICE.search(text) and words <= 60:
            line.reason = "cookie notice"
        elif len(_PRICE.findall(text)) >= 2 and (
            words <= 30 or len(_PRICE.findall(text)) * 8 >= words
        ):
            line.reason = "price list"
        elif _SITE_FOOTER.search(text) and words <= 40:
            line.reason = "site footer"
        elif (_CAPTION_MARK.search(text) or _CAPTION_SHAPE.search(text)) and words <= 40:
            line.reason = "photo caption"
        elif _DATED_HEADLINE.search(text) and words <= 16:
            line.reason = "headline with its date"
        else:
            body_words += words
    _mark_captions(lines)
    return title


_PHOTO_CONTROL = re.compile(
    r"^(?:enlarge|expand|view (?:larger|image|photo)|zoom|open image)\b", re.I
)
_PHOTO_CREDIT = re.compile(r"^(?:photo|photograph|image|picture|credit|via)\b[:\s]", re.I)
_MAX_CAPTION_WORDS = 40
_SHORT_CAPTION_WORDS = 15  # before a credit with no control above: only a short line


def _mark_captions(lines: list[_Line]) -> None:
    """A short line right after a photo control ("Enlarge") or right before a credit ("Photo:
    …") is the photo's caption, however it is worded ("Crowds on the terrace wait through the
    morning fog.", "Aneurin Bevan speaks to staff on the ward …")."""
    for number, line in enumerate(lines):
        if line.reason is not None or len(line.text.split()) > _MAX_CAPTION_WORDS:
            continue
        before = lines[number - 1].text if number > 0 else ""
        after = lines[number + 1].text if number + 1 < len(lines) else ""
        short = len(line.text.split()) <= _SHORT_CAPTION_WORDS
        if _PHOTO_CONTROL.match(before) or (short and _PHOTO_CREDIT.match(after)):
            line.reason = "photo caption"


_HEADLINE_WORD = re.compile(r"[^\W\d_]{4,}")
_HEADLINE_SCAN = 40
_NOT_HEADLINE = re.compile(
    r"^[\"“‘'«—–-]|[|·•›»;]|\[edit|cookie|retrieved from|(?-i:^[^:]{1,25}:\s+[a-z])|https?://",
    re.IGNORECASE,
)
_INFOBOX_LABEL = re.compile(
    r"^[A-Z][a-z]+(?: [a-z]+){0,2}:\s"
)  # "Died: …", "Known for: …"  # lines from the top where a scraped page puts its headline


def _headline(lines: list[_Line]) -> str:
    """The article's own headline, when the page opens on a site's name ("CASEBOOK WEEKLY",
    "Jump to navigation"): of the short unpunctuated lines near the top, the one whose words
    the body repeats most ("Kodak's Decline: How the Company That Invented …"). "" if none
    shares two words with the body."""
    body = " ".join(line.text for line in lines if line.reason is None and not line.heading)
    counts: dict[str, int] = {}
    for word in _HEADLINE_WORD.findall(body.lower()):
        counts[word] = counts.get(word, 0) + 1
    best, best_score = "", 1
    for line in lines[:_HEADLINE_SCAN]:
        words = line.text.split()
        if len(words) >= 25 and line.reason is None:
            break  # the first paragraph: a page's headline comes before it
        if not 3 <= len(words) <= 20 or _TERMINAL.search(line.text) or line.bullet:
            continue
        if _NOT_HEADLINE.search(line.text) or _INFOBOX_LABEL.match(line.text):
            continue  # a quotation, an infobox field, a menu, a cookie notice, an edit link
        if line.reason not in (None, "title", "short line without sentence punctuation"):
            continue  # navigation, a byline, a licence line
        shared = {w for w in _HEADLINE_WORD.findall(line.text.lower()) if counts.get(w, 0) >= 2}
        if len(shared) > best_score:
            best, best_score = line.text, len(shared)
    return best


def _mark_headings(lines: list[_Line]) -> None:
    """Keep a short unpunctuated line only as the heading of a body section that follows it."""
    live = [line for line in lines if line.reason is None]
    for number, line in enumerate(live):
        if line.bullet or _TERMINAL.search(line.text) or len(line.text.split()) > 12:
            continue
        following = live[number + 1] if number + 1 < len(live) else None
        if (
            following is not None
            and len(following.text.split()) >= 15
            and _TERMINAL.search(following.text)
            and len(line.text.split()) <= 10
        ):
            line.heading = True
        else:
            line.reason = "short line without sentence punctuation"


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in _SENTENCE_BREAK.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if b > a]


def _remove_repeated_sentences(body: list[_Line]) -> list[RemovedText]:
    """Drop pull quotes and repeated sentences, also when they sit inside a longer paragraph.

    A sentence is a near duplicate of another when at least 80% of its words occur in it.
    Candidates are found through an index on each sentence's three longest words, so the cost
    stays linear in the number of sentences.
    """
    entries: list[tuple[int, int, int, frozenset[str], int]] = []  # line, start, end, words, size
    for number, line in enumerate(body):
        for start, end in _sentences(line.text):
            words = _WORD.findall(line.text[start:end].lower())
            if len(words) >= _MIN_DUPLICATE_WORDS:
                entries.append((number, start, end, frozenset(words), len(words)))
    index: dict[str, list[int]] = {}
    twins: dict[int, list[int]] = {}
    for position, (_, _, _, word_set, _) in enumerate(entries):
        keys = sorted(word_set, key=lambda word: (-len(word), word))[:3]
        seen: set[int] = set()
        for key in keys:
            for other in index.get(key, [])[-50:]:
                if other in seen:
                    continue
                seen.add(other)
                other_words = entries[other][3]
                shared = len(word_set & other_words)
                if shared >= _NEAR_DUPLICATE * min(len(word_set), len(other_words)):
                    twins.setdefault(position, []).append(other)
                    twins.setdefault(other, []).append(position)
            index.setdefault(key, []).append(position)
    removed: list[RemovedText] = []
    by_line: dict[int, list[int]] = {}
    for position, entry in enumerate(entries):
        by_line.setdefault(entry[0], []).append(position)
    dropped: set[int] = set()
    # A paragraph made only of sentences found in a longer paragraph is a pull quote.
    for number, positions in sorted(by_line.items()):
        line = body[number]
        if all(
            any(len(body[entries[t][0]].text) > len(line.text) for t in twins.get(p, []))
            for p in positions
        ) and len(_sentences(line.text)) == len(positions):
            line.reason = "pull quote repeating the body"
            removed.append(RemovedText(line.text, line.reason))
            dropped.update(positions)
    for position in range(len(entries)):
        if position in dropped:
            continue
        if any(t < position and t not in dropped for t in twins.get(position, [])):
            number, start, end, _, _ = entries[position]
            body[number].cut.append((start, end))
            removed.append(RemovedText(body[number].text[start:end], "repeated sentence"))
            dropped.add(position)
    return removed


def _assemble(
    body: list[_Line],
) -> tuple[str, list[int], list[tuple[int, int]], list[_Line]]:
    kept: list[_Line] = []
    parts: list[str] = []
    positions: list[int] = []
    paragraphs: list[tuple[int, int]] = []
    length = 0
    for line in body:
        text, where = line.text, line.positions
        for start, end in sorted(line.cut, reverse=True):
            tail = end
            while tail < len(text) and text[tail] == " ":
                tail += 1
            text, where = text[:start] + text[tail:], where[:start] + where[tail:]
        text = text.rstrip()
        where = where[: len(text)]
        if not text:
            continue
        if parts:
            parts.append("\n\n")
            positions.extend([positions[-1] + 1] * 2)
            length += 2
        parts.append(text)
        positions.extend(where)
        paragraphs.append((length, length + len(text)))
        kept.append(line)
        length += len(text)
    return "".join(parts), positions, paragraphs, kept


def _runs(positions: list[int]) -> OffsetMap:
    runs: list[tuple[int, int, int]] = []
    for clean, original in enumerate(positions):
        if runs:
            start, origin, length = runs[-1]
            if original == origin + length and clean == start + length:
                runs[-1] = (start, origin, length + 1)
                continue
        runs.append((clean, original, 1))
    return OffsetMap(tuple(runs))
