"""Relevance you can measure: a labelled set of learner searches built deterministically from people's names (a
fixed seed), the way a support agent mistypes them: surname first, one or two typos, an accent, partial words,
shouting, or a username or e-mail typed whole. `score` runs them through a search and counts how often the right
person comes first and in the top five (`manage.py search_relevance`; tests/integration/test_search_relevance.py).

A query built from a name cannot tell two people of the same name apart: for those, anyone of the target's first
and last name is right. A username or e-mail query must find the target itself."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from domain.shared.pagination import MAX_LIMIT, PageRequest

from .matching import TWO_TYPOS_FROM, fold
from .ports import ProfileQueries
from .queries import ProfileSummary
from .search import BEST_FIRST, SearchCriteria, Sort, SortKey

KINDS = ("swapped", "accent", "typo", "typo_swapped", "partial", "shouted", "username", "email")
ACCENTS = {"a": "á", "e": "é", "i": "í", "o": "ö", "u": "ü", "c": "ç", "n": "ñ"}
LETTERS = "abcdefghijklmnopqrstuvwxyz"


@dataclass(frozen=True)
class Labelled:
    q: str
    kind: str
    target: ProfileSummary


@dataclass
class Score:
    queries: int = 0
    first: int = 0
    top5: int = 0
    by_kind: dict[str, list[int]] = field(default_factory=dict)  # kind: [queries, first, top 5]
    misses: list[tuple[str, str]] = field(default_factory=list)  # (query, kind) of those not in the top five

    def rate(self, hits: int) -> float:
        return hits / self.queries if self.queries else 0.0


def _typo(word: str, rng: random.Random) -> str:
    """One edit (a letter changed, dropped or added), two from nine letters; never the word itself."""
    edits = 2 if len(word) >= TWO_TYPOS_FROM else 1
    out = word
    for _ in range(edits):
        i = rng.randrange(1, len(out))
        op = rng.choice(("change", "drop", "add"))
        letter = rng.choice([c for c in LETTERS if c != out[i]])
        edited = {"change": out[:i] + letter + out[i + 1 :], "drop": out[:i] + out[i + 1 :]}
        out = edited.get(op, out[:i] + letter + out[i:])
    return out if out != word else _typo(word, rng)


def _accent(word: str, rng: random.Random) -> str:
    spots = [i for i, c in enumerate(word.lower()) if c in ACCENTS]
    if not spots:
        return word
    i = rng.choice(spots)
    return word[:i] + ACCENTS[word[i].lower()] + word[i + 1 :]


def _partial(word: str) -> str:
    return word[: max(3, (len(word) * 2 + 2) // 3)]


def query(kind: str, p: ProfileSummary, rng: random.Random) -> str | None:
    first, last = p.first_name, p.last_name
    if kind == "swapped":
        return f"{last} {first}"
    if kind == "accent":
        return f"{_accent(first, rng)} {_accent(last, rng)}"
    if kind in ("typo", "typo_swapped"):
        long = [w for w in (first, last) if len(w) >= 5 and w.isalpha()]
        if not long:
            return None
        pick = rng.choice(long)
        words = [_typo(w.lower(), rng) if w is pick else w for w in (first, last)]
        return " ".join(reversed(words) if kind == "typo_swapped" else words)
    if kind == "partial":
        return f"{_partial(first)} {_partial(last)}"
    if kind == "shouted":
        return f"{first.upper()} {last.upper()}"
    return p.username if kind == "username" else p.email


def labelled(people: Sequence[ProfileSummary], seed: int) -> list[Labelled]:
    """One query per person, the kinds taken in turn; people without a first and last name are left out."""
    rng = random.Random(seed)
    out: list[Labelled] = []
    named = [p for p in people if p.first_name.strip() and p.last_name.strip()]
    for i, p in enumerate(named):
        kind = KINDS[i % len(KINDS)]
        q = query(kind, p, rng) or query("swapped", p, rng)
        assert q is not None
        out.append(Labelled(q, kind, p))
    return out


def right(item: Labelled, found: ProfileSummary) -> bool:
    if found.id == item.target.id:
        return True
    if item.kind in ("username", "email"):
        return False
    same = (fold(found.first_name), fold(found.last_name))
    return same == (fold(item.target.first_name), fold(item.target.last_name))


def score(items: Sequence[Labelled], search: Callable[[str], Sequence[ProfileSummary]]) -> Score:
    s = Score()
    for item in items:
        found = list(search(item.q))[:5]
        first = bool(found) and right(item, found[0])
        top5 = any(right(item, f) for f in found)
        counts = s.by_kind.setdefault(item.kind, [0, 0, 0])
        for i, hit in enumerate((True, first, top5)):
            counts[i] += int(hit)
        s.queries, s.first, s.top5 = s.queries + 1, s.first + int(first), s.top5 + int(top5)
        if not top5:
            s.misses.append((item.q, item.kind))
    return s


def report(s: Score) -> str:
    lines = [f"{s.queries} queries: first {s.rate(s.first):.1%}, top 5 {s.rate(s.top5):.1%}"]
    for kind in KINDS:
        n, first, top5 = s.by_kind.get(kind, [0, 0, 0])
        if n:
            lines.append(f"  {kind:<13} {n:>4}  first {first / n:6.1%}  top 5 {top5 / n:6.1%}")
    lines += [f"  missed ({kind}): {q}" for q, kind in s.misses[:20]]
    return "\n".join(lines)


def people(queries: ProfileQueries, count: int) -> list[ProfileSummary]:
    """The first `count` people to have joined (a deterministic choice on seeded data)."""
    found: list[ProfileSummary] = []
    cursor: str | None = None
    while len(found) < count:
        page = queries.search(SearchCriteria(sort=Sort(SortKey.DATE_JOINED, False)), PageRequest(MAX_LIMIT, cursor))
        found += page.items
        cursor = page.next_cursor
        if cursor is None:
            break
    return found[:count]


def measure(queries: ProfileQueries, count: int, seed: int) -> Score:
    """`count` labelled queries from the seeded people, each answered by the search (relevance, top five)."""
    items = labelled(people(queries, count), seed)
    return score(items, lambda q: queries.search(SearchCriteria(q, sort=BEST_FIRST), PageRequest(limit=5)).items)
