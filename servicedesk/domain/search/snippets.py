"""A short passage of a hit's text around the first match, the matching words marked.

Made here from the stored text, the same way on both databases: the text is escaped and
only `<mark>` is added, so a snippet is safe HTML whatever the record says.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from servicedesk.domain.search.words import WORD, matches_term, stem

WIDTH = 180  # characters of the passage
LEAD = 50  # characters shown before the first match


@dataclass(frozen=True)
class Snippet:
    html: Markup
    source: str  # "title", "body", "replies", "staff_body": where the passage is from


def _marked(text: str, start: int, end: int, stems: list[str]) -> Markup:
    out, at = [], start
    for word in WORD.finditer(text, start, end):
        if matches_term(stem(word.group().lower()), stems):
            out.append(escape(text[at : word.start()]))
            out.append(Markup("<mark>%s</mark>") % word.group())
            at = word.end()
    out.append(escape(text[at:end]))
    return Markup("").join(out)


def _first_match(text: str, stems: list[str]) -> int | None:
    for word in WORD.finditer(text):
        if matches_term(stem(word.group().lower()), stems):
            return word.start()
    return None


def _window(text: str, first: int) -> tuple[int, int]:
    start = max(0, first - LEAD)
    if start:
        space = text.find(" ", start, first)
        start = space + 1 if space != -1 else start
    end = min(len(text), start + WIDTH)
    if end < len(text):
        space = text.rfind(" ", first, end)
        end = space if space > first else end
    return start, end


def snippet(fields: list[tuple[str, str]], stems: list[str]) -> Snippet | None:
    """The passage of the first of `fields` ((source, text), in order) that matches; None
    when none does (the match was on the reference, or on a stem the database reads
    differently)."""
    for source, raw in fields:
        text = " ".join((raw or "").split())
        first = _first_match(text, stems)
        if first is None:
            continue
        start, end = _window(text, first)
        html = _marked(text, start, end, stems)
        if start:
            html = Markup("…") + html
        if end < len(text):
            html = html + Markup("…")
        return Snippet(html, source)
    return None
