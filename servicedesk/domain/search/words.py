"""Words of a text as the search index keeps them: lower case, Swedish stop words left out,
each word cut to its stem, so "schemat", "schema" and "scheman" meet. This is the one
Swedish stemmer: the knowledge base's index and suggestions use it too (domain/kb/search.py).

PostgreSQL does this itself (the `swedish` text search configuration, whose stemmer is the
Snowball one below); SQLite's FTS5 has no Swedish stemmer, so the text is stemmed here both
when it is indexed and when it is searched for. One addition to Snowball: the neuter
definite "-et" is taken off ("lösenordet", "problemet" -> "lösenord", "problem"), which
PostgreSQL's stemmer leaves whole; on PostgreSQL a query word our rule shortens is also
asked for by that stem (`tsquery_text`), so "lösenordet" meets "lösenord" on both.

The query side reads every character as text: quotes, `*`, `-`, `OR`, `NEAR` and
parentheses are word separators or plain words, never operators (`fts_query`,
`tsquery_text`).
"""

from __future__ import annotations

import re
from functools import lru_cache

# A word: letters and digits (what SQLite's unicode61 tokenizer keeps together).
WORD = re.compile(r"[^\W_]+")
MAX_TERMS = 12  # a query's words beyond these are ignored (a pasted page is not a search)
MIN_PREFIX = 3  # shorter stems match whole words only (a one-letter prefix matches all)

# Snowball's Swedish stop words (the list PostgreSQL's `swedish` configuration uses).
_STOP_WORDS = """och det att i en jag hon som han på den med var sig för så till är men ett om hade de
    av icke mig du henne då sin nu har inte hans honom skulle hennes där min man ej vid kunde
    något från ut när efter upp vi dem vara vad över än dig kan sina här ha mot alla under
    någon eller allt mycket sedan ju denna själv detta åt utan varit hur ingen mitt ni bli
    blev oss din dessa några deras blir mina samma vilken er sådan vår blivit dess inom
    mellan sånt varför varje vilka ditt vem vilket sitta sådana vart dina vars vårt våra ert
    era vilkas"""
STOP_WORDS = frozenset(_STOP_WORDS.split())

_VOWELS = frozenset("aeiouyäåö")
_STEP1_SUFFIXES = """a arna erna heterna orna ad e ade ande arne are aste en anden aren heten ern ar er heter
    or as arnas ernas ornas es ades andes ens arens hetens erns at andet het ast et"""
_STEP1 = sorted(_STEP1_SUFFIXES.split(), key=len, reverse=True)
_S_ENDING = frozenset("bcdfghjklmnoprtvy")
_STEP2 = ("dd", "gd", "nn", "dt", "gt", "kt", "tt")


def _r1(word: str) -> int:
    for i in range(1, len(word)):
        if word[i] not in _VOWELS and word[i - 1] in _VOWELS:
            return max(i + 1, 3)
    return len(word)


@lru_cache(maxsize=100_000)  # a desk's vocabulary is small; indexing meets each word often
def stem(word: str) -> str:
    """The Snowball Swedish stem of a lower-case word ("schemat" -> "schem")."""
    if len(word) < 3 or not word.isalpha():
        return word
    r1 = _r1(word)
    for suffix in _STEP1:
        if word.endswith(suffix) and len(word) - len(suffix) >= r1:
            word = word[: -len(suffix)]
            break
    else:
        if word.endswith("s") and len(word) - 1 >= r1 and word[-2:-1] in _S_ENDING:
            word = word[:-1]
    if any(word.endswith(e) and len(word) - 2 >= r1 for e in _STEP2):
        word = word[:-1]
    for suffix, replacement in (("fullt", "full"), ("löst", "lös"), ("lig", ""), ("els", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= r1:
            word = word[: -len(suffix)] + replacement
            break
    else:
        if word.endswith("ig") and len(word) - 2 >= r1:
            word = word[:-2]
    return word


def words(text: str) -> list[str]:
    """The lower-case words of `text`, in order."""
    return WORD.findall((text or "").lower())


def indexed(text: str) -> str:
    """`text` as SQLite's index stores it: the stems of its words, stop words left out."""
    return " ".join(stem(w) for w in words(text) if w not in STOP_WORDS)


def query_terms(text: str) -> list[tuple[str, str]]:
    """The query's distinct words as (word, stem), in the order typed, stop words left out,
    at most `MAX_TERMS`."""
    terms: list[tuple[str, str]] = []
    for word in words(text):
        if word in STOP_WORDS or any(word == w for w, _ in terms):
            continue
        terms.append((word, stem(word)))
    return terms[:MAX_TERMS]


def is_prefix(term: str) -> bool:
    return len(term) >= MIN_PREFIX


def matches_term(word_stem: str, stems: list[str]) -> bool:
    """Does a word (by its stem) match one of the query's stems? The rule both indexes use:
    a stem of `MIN_PREFIX` letters or more matches every stem it begins."""
    return any(word_stem == t or (is_prefix(t) and word_stem.startswith(t)) for t in stems)


def fts_query(terms: list[tuple[str, str]], columns: str) -> str:
    """An FTS5 MATCH expression: every stem (a quoted string, so never an operator), within
    `columns` ("{title body}")."""
    parts = [f'"{t}"*' if is_prefix(t) else f'"{t}"' for _, t in terms]
    return f"{columns} : ({' AND '.join(parts)})"


def tsquery_text(terms: list[tuple[str, str]]) -> str:
    """A `to_tsquery('swedish', …)` text: every word quoted (never an operator), those whose
    stem is long enough marked `:*`; PostgreSQL stems each quoted word itself. A word whose
    "-et" our stemmer took off is asked for in both forms ("lösenordet" or "lösenord")."""
    parts = []
    for word, word_stem in terms:
        forms = [word, word_stem] if word.endswith("et") and word_stem != word else [word]
        marked = [f"'{f}':*" if is_prefix(word_stem) else f"'{f}'" for f in forms]
        parts.append(marked[0] if len(marked) == 1 else f"({' | '.join(marked)})")
    return " & ".join(parts)
