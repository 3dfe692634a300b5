"""What the both-languages test reads: the visible UI text of a page, without user content.

A small crawler inside the Flask test client follows same-site GET links from the
navigation to depth 2; the text of each page is the rendered HTML minus scripts, styles,
the language switch and every element marked as user content (`data-user-content`, or a
`lang` attribute naming another language than the page's).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
ATTRIBUTES = ("aria-label", "title", "placeholder", "alt")
# never followed: they change something, leave the site or stream a file
SKIP = re.compile(
    r"^/(logout|static/|api/)|/(download|attachments?|files?)/|\.(csv|ics|png|pdf)$|/export"
)


class _PageText(HTMLParser):
    def __init__(self, page_lang: str):
        super().__init__(convert_charrefs=True)
        self.page_lang = page_lang
        self.parts: list[str] = []
        self.links: list[str] = []
        self.depth = 0
        self.skip_at: int | None = None  # the depth at which a skipped element opened

    def _skipped(self, tag: str, attrs: dict) -> bool:
        if tag in {"script", "style", "template", "textarea"} or "data-user-content" in attrs:
            return True
        if "lang-form" in (attrs.get("class") or "").split():
            return True
        lang = attrs.get("lang")
        return bool(lang) and tag != "html" and not lang.startswith(self.page_lang)

    def handle_starttag(self, tag, attrs):
        attrs = {k: (v or "") for k, v in attrs}
        if tag == "a" and self.skip_at is None and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag in VOID:
            if self.skip_at is None:
                self._attributes(attrs)
            return
        self.depth += 1
        if self.skip_at is None:
            if self._skipped(tag, attrs):
                self.skip_at = self.depth
            else:
                self._attributes(attrs)

    def _attributes(self, attrs: dict) -> None:
        self.parts.extend(attrs[name] for name in ATTRIBUTES if attrs.get(name))
        if attrs.get("type") in {"submit", "button"} and attrs.get("value"):
            self.parts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if self.skip_at is not None and self.depth == self.skip_at:
            self.skip_at = None
        self.depth -= 1

    def handle_data(self, data):
        if self.skip_at is None:
            self.parts.append(data)


def page_text(html: str, page_lang: str) -> tuple[str, list[str]]:
    """The UI text of a page (joined by newlines) and the hrefs of its links."""
    parser = _PageText(page_lang)
    parser.feed(html)
    return "\n".join(p.strip() for p in parser.parts if p.strip()), parser.links


def words_found(text: str, words: Iterable[str]) -> list[str]:
    return [w for w in words if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text)]


def crawl(client, starts: list[str], depth: int = 2) -> dict[str, str]:
    """Path → HTML of every same-site page reached by GET from `starts` (keyed by the
    path shown after redirects)."""
    seen: dict[str, str] = {}
    frontier = list(dict.fromkeys(starts))
    for _level in range(depth + 1):
        following: list[str] = []
        for path in frontier:
            if path in seen:
                continue
            response = client.get(path, follow_redirects=True)
            if response.status_code != 200 or "text/html" not in response.content_type:
                continue
            html = response.get_data(as_text=True)
            landed = response.request.path  # after redirects: the page actually shown
            if response.request.query_string:
                landed += "?" + response.request.query_string.decode()
            seen[path if landed == path else landed] = html
            _text, links = page_text(html, "sv")
            following.extend(_same_site(path, links))
        frontier = list(dict.fromkeys(p for p in following if p not in seen))
    return seen


def _same_site(base: str, links: list[str]) -> list[str]:
    found = []
    first_of_list: set[str] = set()
    for href in links:
        absolute = urljoin("http://localhost" + base, href)
        parts = urlsplit(absolute)
        if parts.netloc != "localhost" or SKIP.search(parts.path):
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        # one detail page per kind of link (ticket 1 stands for ticket 2..n)
        shape = re.sub(r"\d+", "N", parts.path)
        if parts.query:
            shape += "?" + "&".join(sorted(k.split("=")[0] for k in parts.query.split("&")))
        if shape in first_of_list:
            continue
        first_of_list.add(shape)
        found.append(path)
    return found
