"""Word matching for the simple search path (SQLite and the in-memory fake).

PostgreSQL searches a weighted tsvector with `websearch_to_tsquery('english', q)`; this module
gives the same shape of answer without a search engine: the same English stop words, the same
query syntax (words are all required, `or` between alternatives, `-word` excludes, "quoted
words" are required together), a term matching any word that starts with it (after dropping a
plural or -ing/-ed ending), and a score of 3 for a term in the title, 2 in the tags and 1 in the
body, summed over the query's terms. The two paths agree on the obvious cases (a title match
outranks a body-only one); the contract tests hold them to those.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# PostgreSQL's `english` stop-word list (tsearch_data/english.stop), word for word
STOPWORDS = frozenset(
    """i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers
    herself it its itself they them their theirs themselves what which who whom this that these those am is are
    was were be been being have has had having do does did doing a an the and but if or because as until while of
    at by for with about against between into through during before after above below to from up down in out on
    off over under again further then once here there when where why how all any both each few more most other
    some such no nor not only own same so than too very s t can will just don should now""".split()
)
WORD_RE = re.compile(r"[^\W_]+")
TOKEN_RE = re.compile(r'(-?)"([^"]*)"?|(\S+)')
TITLE_WEIGHT, TAG_WEIGHT, BODY_WEIGHT = 3, 2, 1
MAX_TERMS = 64
_ENDINGS = ("ies", "es", "ing", "ed", "s")


def words(text: str) -> list[str]:
    """Lower-case runs of letters and digits (`two-factor` is two words, as is `course_content`)."""
    return WORD_RE.findall(text.lower())


def significant_terms(text: str, limit: int = MAX_TERMS) -> tuple[str, ...]:
    """The distinct words of a free text that are not stop words, in order, at most `limit`."""
    seen: dict[str, None] = {}
    for word in words(text):
        if word not in STOPWORDS and word not in seen:
            seen[word] = None
            if len(seen) == limit:
                break
    return tuple(seen)


def stem(term: str) -> str:
    """Drop one common ending, keeping at least three letters: passwords -> password, billing -> bill."""
    if term.endswith("ss"):
        return term
    for ending in _ENDINGS:
        if term.endswith(ending) and len(term) - len(ending) >= 3:
            return term[: -len(ending)]
    return term


def _has_prefix(sorted_words: Sequence[str], prefix: str) -> bool:
    i = bisect_left(sorted_words, prefix)
    return i < len(sorted_words) and sorted_words[i].startswith(prefix)


@dataclass(frozen=True)
class Doc:
    """The searchable words of an article, by field."""

    title: tuple[str, ...]
    tags: tuple[str, ...]
    body: tuple[str, ...]

    @classmethod
    def of(cls, title: str, tags: Iterable[str], body: str) -> Doc:
        return cls(
            tuple(sorted(set(words(title)))),
            tuple(sorted({w for tag in tags for w in words(tag)})),
            tuple(sorted(set(words(body)))),
        )

    def weight(self, term: str) -> int:
        """3 if the term is in the title, plus 2 in the tags, plus 1 in the body."""
        s = stem(term)
        return (
            TITLE_WEIGHT * _has_prefix(self.title, s)
            + TAG_WEIGHT * _has_prefix(self.tags, s)
            + BODY_WEIGHT * _has_prefix(self.body, s)
        )


def relevance(terms: Iterable[str], doc: Doc) -> int:
    """The score of a document for some terms: the sum of their weights in it."""
    return sum(doc.weight(t) for t in dict.fromkeys(terms))


@dataclass(frozen=True)
class Group:
    """Terms that must all be present, and terms that must not."""

    include: tuple[str, ...]
    exclude: tuple[str, ...] = ()

    def matches(self, doc: Doc) -> bool:
        if not self.include and not self.exclude:
            return False
        return all(doc.weight(t) for t in self.include) and not any(doc.weight(t) for t in self.exclude)


@dataclass(frozen=True)
class TextQuery:
    """Alternatives (`or`) of groups; a document matches when any group does."""

    groups: tuple[Group, ...]

    @property
    def terms(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(t for g in self.groups for t in g.include))

    def matches(self, doc: Doc) -> bool:
        return any(g.matches(doc) for g in self.groups)

    def score(self, doc: Doc) -> int:
        return relevance(self.terms, doc)


def parse_query(q: str) -> TextQuery:
    """The web-search syntax PostgreSQL's websearch_to_tsquery reads, minus phrase adjacency."""
    groups: list[Group] = []
    include: list[str] = []
    exclude: list[str] = []
    for match in TOKEN_RE.finditer(q):
        negated, quoted, bare = match.group(1), match.group(2), match.group(3)
        if bare is not None and bare.lower() == "or":
            if include or exclude:
                groups.append(Group(tuple(include), tuple(exclude)))
                include, exclude = [], []
            continue
        if bare is not None:
            negated, text = ("-", bare[1:]) if bare.startswith("-") and len(bare) > 1 else ("", bare)
        else:
            text = quoted
        target = exclude if negated else include
        target.extend(w for w in words(text) if w not in STOPWORDS and w not in target)
    if include or exclude:
        groups.append(Group(tuple(include), tuple(exclude)))
    return TextQuery(tuple(groups))
