"""Swedish stemming (the Snowball algorithm for Swedish) for the SQLite article index.

PostgreSQL stems with its own `swedish` configuration; SQLite's FTS5 has no Swedish
stemmer, so the index holds stemmed words and queries are stemmed the same way:
"lösenordet" and "lösenord" meet in "lösenord", "schemat" and "schema" in "schem".
"""

from __future__ import annotations

import re

VOWELS = frozenset("aeiouyäåö")
S_ENDING = frozenset("bcdfghjklmnoprtvy")
STEP1 = sorted(
    [
        "a",
        "arna",
        "erna",
        "heterna",
        "orna",
        "ad",
        "e",
        "ade",
        "ande",
        "arne",
        "are",
        "aste",
        "en",
        "anden",
        "aren",
        "heten",
        "ern",
        "ar",
        "er",
        "heter",
        "or",
        "as",
        "et",
        "arnas",
        "ernas",
        "ornas",
        "es",
        "ades",
        "andes",
        "ens",
        "arens",
        "hetens",
        "erns",
        "at",
        "andet",
        "het",
        "ast",
    ],
    key=len,
    reverse=True,
)
DOUBLES = ("dd", "gd", "nn", "dt", "gt", "kt", "tt")
# Common words that say nothing about the fault ("det", "inte", "jag"): left out.
STOPWORDS = frozenset(
    [
        "och",
        "det",
        "att",
        "i",
        "en",
        "jag",
        "är",
        "på",
        "som",
        "för",
        "med",
        "har",
        "inte",
        "till",
        "av",
        "om",
        "den",
        "så",
        "var",
        "de",
        "ett",
        "min",
        "mitt",
        "mina",
        "kan",
        "ska",
        "vill",
        "hur",
        "vad",
        "när",
        "man",
        "sig",
        "eller",
        "men",
        "vi",
        "ni",
        "du",
        "han",
        "hon",
        "får",
        "fick",
        "the",
        "a",
        "an",
        "and",
        "or",
        "of",
        "to",
        "in",
        "is",
        "it",
        "not",
        "my",
        "i",
        "on",
        "for",
        "with",
        "how",
    ]
)
WORD = re.compile(r"[^\W_]+")


def _r1(word: str) -> int:
    for i in range(1, len(word)):
        if word[i] not in VOWELS and word[i - 1] in VOWELS:
            return max(i + 1, 3)
    return len(word)


def stem(word: str) -> str:
    word = word.lower()
    r1 = _r1(word)
    for suffix in STEP1:
        if word.endswith(suffix) and len(word) - len(suffix) >= r1:
            word = word[: -len(suffix)]
            break
    else:
        if word.endswith("s") and len(word) - 1 >= r1 and len(word) > 1 and word[-2] in S_ENDING:
            word = word[:-1]
    if any(word.endswith(d) and len(word) - 2 >= r1 for d in DOUBLES):
        word = word[:-1]
    for suffix, replacement in (("fullt", "full"), ("löst", "lös"), ("lig", ""), ("els", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= r1:
            word = word[: -len(suffix)] + replacement
            break
    else:
        if word.endswith("ig") and len(word) - 2 >= r1:
            word = word[:-2]
    return word


def words(text: str, *, limit: int = 20) -> list[str]:
    """The words of what someone typed, lower case, without stop words or operators: only
    letters and digits survive, so quotes, `*`, `-`, parentheses, OR and NEAR are text."""
    found: list[str] = []
    for word in WORD.findall((text or "").lower()):
        if word not in STOPWORDS and word not in found:
            found.append(word)
        if len(found) == limit:
            break
    return found


def stemmed_text(text: str) -> str:
    """The text as the SQLite index holds it: each word stemmed, stop words too (so a
    phrase keeps its length)."""
    return " ".join(stem(w) for w in WORD.findall((text or "").lower()))
