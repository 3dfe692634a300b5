"""Trimming the quoted earlier conversation from a reply, so only the new text is posted.

Recognises our own reply marker, Outlook header blocks (English and Swedish), Gmail-style
"On ... wrote:" / "Den ... skrev:" lines (also when wrapped over two lines), "Original
Message" separators and ">" quoting. When trimming would leave nothing, the whole text is
kept: losing what a person wrote is worse than showing a quote.
"""

from __future__ import annotations

import re

MARKERS = (
    "Reply above this line to add to the case.",
    "Svara ovanför den här raden för att lägga till i ärendet.",
)
_ORIGINAL = re.compile(
    r"^\s*-{2,}\s*(original message|ursprungligt meddelande|originalmeddelande)\s*-{2,}",
    re.IGNORECASE,
)
_OUTLOOK_FROM = re.compile(r"^\s*\**(from|från|von)\s*:\**\s", re.IGNORECASE)
_OUTLOOK_NEXT = re.compile(r"^\s*\**(sent|skickat|date|datum|to|till|subject|ämne)\s*:", re.I)
_WROTE = re.compile(r"^\s*(on|den|am|le)\s.*\b(wrote|skrev|schrieb|a écrit)\b.*:\s*$", re.I)
_UNDERSCORES = re.compile(r"^\s*_{10,}\s*$")


def _is_outlook_block(lines: list[str], i: int) -> bool:
    if not _OUTLOOK_FROM.match(lines[i]):
        return False
    following = [line for line in lines[i + 1 : i + 4] if line.strip()]
    return bool(following) and bool(_OUTLOOK_NEXT.match(following[0]))


def _cut_index(lines: list[str]) -> int | None:
    for i, line in enumerate(lines):
        stripped = line.strip()
        if any(marker in stripped for marker in MARKERS) or _ORIGINAL.match(line):
            return i
        if _UNDERSCORES.match(line) and i + 1 < len(lines) and _is_outlook_block(lines, i + 1):
            return i
        if _is_outlook_block(lines, i):
            return i
        if _WROTE.match(line):
            return i
        if i + 1 < len(lines) and _WROTE.match(f"{line} {lines[i + 1]}"):
            return i
    return None


def trim_reply(text: str) -> str:
    lines = text.replace("\r\n", "\n").split("\n")
    cut = _cut_index(lines)
    if cut is not None:
        lines = lines[:cut]
    kept = [line for line in lines if not line.lstrip().startswith(">")]
    trimmed = "\n".join(kept).strip()
    return trimmed or text.strip()
