"""How a search text matches a person, as Meilisearch and Typesense read it: accents and case folded on both
sides, the words of the query in any order, each word matching a word of the person exactly, as its start,
anywhere inside, or with one typo when either word has 5+ letters, two from 9. A person matches when every word
does; the person's match is the weakest of its words' (an exact name with a typo'd surname is a typo match). An e-mail,
username or id typed whole is the person's identity and ranks above everything.

The fake runs these functions as they are; SQLite calls them from SQL; PostgreSQL spells the same patterns
(`word_pattern`) in SQL and finds typo candidates in a dictionary of words (see adapters/orm/accounts/search_sql.py)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from enum import IntEnum, StrEnum

MIN_FRAGMENT = 3  # shorter words match the start of a username, e-mail or name only
ONE_TYPO_FROM = 5
TWO_TYPOS_FROM = 9
DICTIONARY_MIN = ONE_TYPO_FROM - 1  # the shortest word a typo'd word can stand for
WORD_SPLIT = r"\W+"  # a person's words: runs of letters, digits and underscores (the same in PostgreSQL)


class Match(StrEnum):
    """The kind of match a client is told about, per result."""

    EXACT = "exact"
    PREFIX = "prefix"
    FRAGMENT = "fragment"
    TYPO = "typo"


class Tier(IntEnum):
    """How well a person matches, best last: relevance sorts by tier, then by last activity."""

    TYPO = 0  # every word matches, one at least only within its typo allowance
    FRAGMENT = 1  # every word is inside the person's text, one at least not at a word's start
    PREFIX = 2  # every word starts a word of the person, one at least not a whole word
    EXACT = 3  # every word is a whole word of the person
    IDENTITY = 4  # the query is the person's username, e-mail or id

    @property
    def match(self) -> Match:
        return Match.EXACT if self is Tier.IDENTITY else Match[self.name]


def fold(text: str) -> str:
    """Accents and case folded: `Fréya MÜLLER` and `freya muller` are the same text."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def tokens(text: str) -> list[str]:
    return [t for t in re.split(WORD_SPLIT, text) if t]


def dictionary_words(text: str) -> set[str]:
    """The words a typo can stand for: letters only, four or more (PostgreSQL keeps them in a table)."""
    return {t for t in tokens(text) if len(t) >= DICTIONARY_MIN and t.isalpha()}


def typos_allowed(length: int) -> int:
    return 0 if length < ONE_TYPO_FROM else 1 if length < TWO_TYPOS_FROM else 2


def typo_match(typed: str, word: str) -> bool:
    """Whether a typed word stands for a word of the person: the longer of the two sets the allowance (`emka` is
    one letter short of the five of `emeka`); letters only on both sides."""
    if not (typed.isalpha() and word.isalpha()):
        return False
    return within(typed, word, typos_allowed(max(len(typed), len(word))))


def typo_bound(typed: str) -> int:
    """The most typos a typed word can be allowed against any word (those up to that many letters longer)."""
    if not typed.isalpha():
        return 0
    bound = typos_allowed(len(typed))
    while typos_allowed(len(typed) + bound + 1) > bound:
        bound += 1
    return bound


def within(a: str, b: str, most: int) -> bool:
    """Levenshtein distance of a and b at most `most` (PostgreSQL: levenshtein_less_equal)."""
    if abs(len(a) - len(b)) > most:
        return False
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > most:
            return False
        previous = current
    return previous[-1] <= most


def word_pattern(word: str, whole: bool) -> str:
    """The regular expression (Python and PostgreSQL alike) of `word` starting a word, or being one."""
    return r"(?<!\w)" + re.escape(word) + (r"(?!\w)" if whole else "")


def word_tier(word: str, keys: Iterable[str], text: str) -> Tier | None:
    """How one query word matches a person (`keys`: username, e-mail, first and last name; `text`: them joined)."""
    if len(word) < MIN_FRAGMENT:
        if not any(k.startswith(word) for k in keys):
            return None
        return Tier.EXACT if re.search(word_pattern(word, True), text) else Tier.PREFIX
    if word in text:
        if re.search(word_pattern(word, True), text):
            return Tier.EXACT
        return Tier.PREFIX if re.search(word_pattern(word, False), text) else Tier.FRAGMENT
    if typo_bound(word) and any(typo_match(word, t) for t in dictionary_words(text)):
        return Tier.TYPO
    return None
