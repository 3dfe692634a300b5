"""Text written by users: one-line fields (titles, subjects, file names) made safe at the
domain boundary, and markdown rendered and then sanitised with an allow-list."""

from __future__ import annotations

import re
import threading
import unicodedata

import markdown as md
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}

# Characters that make text display in another order than it is stored ("faktura\u202etxt.exe"
# shows as "fakturaexe.txt"): embeddings, overrides and isolates.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_BREAKS = re.compile(r"[\s\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def _printable(char: str) -> str:
    """Lone surrogates (undecodable mail bytes, JSON "\\ud800") cannot be stored: U+FFFD."""
    if char in BIDI_CONTROLS:
        return ""
    return "\ufffd" if unicodedata.category(char) == "Cs" else char


def single_line(value: str | None) -> str:
    """A title or subject is one line: every run of whitespace, line breaks and control
    characters folds to one space, reordering controls go; leading/trailing space too.

    Used by every path that stores a title (portal, desk, API, mail, import, changes,
    problems), so a title can never break a mail header or a list row."""
    text = "".join(_printable(c) for c in (value or ""))
    return _BREAKS.sub(" ", text).strip()


def without_format_characters(value: str) -> str:
    """Drop control and invisible format characters (bidi overrides, zero-width marks,
    BOM): for names that must show what they are, such as stored file names."""
    return "".join(c for c in value if unicodedata.category(c) not in ("Cc", "Cf", "Cs"))


_converters = threading.local()


def _converter() -> md.Markdown:
    """One converter per thread, reset before each text: building one (its extensions,
    parsers and patterns) cost more than converting a comment."""
    converter = getattr(_converters, "markdown", None)
    if converter is None:
        converter = md.Markdown(extensions=["fenced_code", "tables", "nl2br"])
        _converters.markdown = converter
    return converter.reset()


def render_markdown(text: str) -> Markup:
    """Raw HTML in the source is escaped first, then the rendered HTML is cleaned."""
    html = _converter().convert(text or "")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return Markup(clean)
