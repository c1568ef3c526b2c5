"""PostgreSQL: the learner search written out as SQL. The decisions are the domain's (domain.accounts.search: how
the term is read, which keys each tier looks at); this module only spells them in SQL, the same conditions the
ORM path builds (test_profile_queries holds both to the same answers)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from django.contrib.auth import get_user_model

from adapters.replicas.routing import read_connection
from domain.accounts.matching import MIN_FRAGMENT, Tier, typo_bound, typo_match, word_pattern
from domain.accounts.search import EPOCH, WORD_KEYS, SearchCriteria, TextQuery

from . import models as m

User = get_user_model()
P = m.UserProfile._meta.db_table
SEEN = "COALESCE(p.last_activity, %s)"  # the profile_last_seen indexes' expression (psycopg inlines the value)
KEY_SQL = {
    "seen": SEEN,
    "user_id": "p.user_id",
    "date_joined": "p.date_joined",
    "risk_score": "p.risk_score",
    "last_key": "p.last_key",
    "first_key": "p.first_key",
}
# what a page of summaries reads: a profile's long text and the user's password hash stay in the database
SUMMARY_FIELDS = (
    "user_id",
    "account_status",
    "last_activity",
    "risk_score",
    "support_priority",
    "platform_role",
    "date_joined",
    "enrollment_count",
    "completion_rate",
    "username_key",
    "email_key",
    "first_key",
    "last_key",
)
PERSON_FIELDS = ("username", "email", "first_name", "last_name")


def like_prefix(q: str) -> str:
    return q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


WORDS_SQL = r"regexp_split_to_array({t}.search_text, '\W+')"  # the profile_search_words index's expression
TYPO_CANDIDATES = (
    "SELECT word FROM accounts_searchword WHERE length(word) BETWEEN %s AND %s "
    "AND levenshtein_less_equal(word, %s, %s) <= %s"
)


def starts_a_word(word: str, t: str = "p") -> tuple[str, list[str]]:
    """A key of the person starts with the word (the pattern btrees serve each)."""
    sql = " OR ".join(f"{t}.{m.KEY_COLUMNS[k]} LIKE %s" for k in WORD_KEYS)
    return sql, [like_prefix(word) + "%"] * len(WORD_KEYS)


def typo_candidates(word: str) -> list[str]:
    """The dictionary's words within the word's typo allowance (a few thousand short rows: one quick scan)."""
    most = typo_bound(word)
    if not most:
        return []
    with read_connection().cursor() as cursor:
        cursor.execute(TYPO_CANDIDATES, [len(word) - most, len(word) + most, word, most, most])
        return [r[0] for r in cursor.fetchall() if typo_match(word, r[0])]


def text_sql(text: TextQuery, t: str = "p") -> tuple[str, list[Any]]:
    """Every word matches (a fragment by the trigram index, a typo by the words index), or the id is typed."""
    parts: list[str] = []
    args: list[Any] = []
    for word in text.words:
        if len(word) < MIN_FRAGMENT:
            sql, values = starts_a_word(word, t)
            parts.append(f"({sql})")
            args += values
            continue
        candidates = typo_candidates(word)
        like = f"{t}.search_text LIKE %s"
        parts.append(f"({like} OR {WORDS_SQL.format(t=t)} && %s::text[])" if candidates else like)
        args += [f"%{like_prefix(word)}%", *([candidates] if candidates else [])]
    sql = " AND ".join(parts)
    if text.user_id is not None:
        sql, args = f"(({sql}) OR {t}.user_id = %s)", [*args, text.user_id]
    return sql, args


def tier_sql(text: TextQuery) -> tuple[str, list[Any]]:
    """The domain's tier of a row (matching.word_tier, the weakest word's) as a CASE expression."""
    identity = f"p.{m.KEY_COLUMNS['username']} = %s OR p.{m.KEY_COLUMNS['email']} = %s"
    args: list[Any] = [text.term, text.term]
    if text.user_id is not None:
        identity += " OR p.user_id = %s"
        args.append(text.user_id)
    words: list[str] = []
    for word in text.words:
        exact = word_pattern(word, whole=True)
        if len(word) < MIN_FRAGMENT:
            words.append(f"CASE WHEN p.search_text ~ %s THEN {Tier.EXACT:d} ELSE {Tier.PREFIX:d} END")
            args.append(exact)
            continue
        words.append(
            f"CASE WHEN p.search_text ~ %s THEN {Tier.EXACT:d} WHEN p.search_text ~ %s THEN {Tier.PREFIX:d} "
            f"WHEN p.search_text LIKE %s THEN {Tier.FRAGMENT:d} ELSE {Tier.TYPO:d} END"
        )
        args += [exact, word_pattern(word, whole=False), f"%{like_prefix(word)}%"]
    return f"CASE WHEN {identity} THEN {Tier.IDENTITY:d} ELSE LEAST({', '.join(words)}) END", args


def conditions_sql(c: SearchCriteria) -> tuple[list[str], list[Any]] | None:
    """The criteria as SQL conditions on `p` (profiles); None when an unknown course matches nobody."""
    where: list[str] = []
    args: list[Any] = []

    def add(sql: str, *values: Any) -> None:
        where.append(sql)
        args.extend(values)

    text, f = c.text, c.filters
    if text:
        text_where, text_args = text_sql(text)
        add(f"({text_where})", *text_args)
    if f.statuses:
        statuses = sorted(s.value for s in f.statuses)
        add(f"p.account_status IN ({', '.join(['%s'] * len(statuses))})", *statuses)
    if f.platform_role:
        add("p.platform_role = %s", f.platform_role.value)
    if f.support_priority:
        add("p.support_priority = %s", f.support_priority.value)
    if f.enrollment_status or f.course:
        enrolled = ["e.user_id = p.user_id"]
        values: list[Any] = []
        if f.enrollment_status:
            enrolled.append("e.status = %s")
            values.append(f.enrollment_status.value)
        if f.course:
            course_id = m.Course.objects.filter(code=f.course).values_list("id", flat=True).first()
            if course_id is None:
                return None
            enrolled.append("e.course_id = %s")
            values.append(course_id)
        add(f"EXISTS (SELECT 1 FROM {m.Enrollment._meta.db_table} e WHERE {' AND '.join(enrolled)})", *values)
    if f.last_active_after:
        add(f"{SEEN} >= %s", EPOCH, f.last_active_after)
    if f.last_active_before:
        never = "" if f.never_active_counts else " AND p.last_activity IS NOT NULL"
        add(f"({SEEN} < %s{never})", EPOCH, f.last_active_before)
    for name, op, bound in f.bounds():  # profiles keep each summary field under its name
        add(f"p.{name} {op} %s", bound)
    return where, args


def page_of_matches(
    conditions: tuple[list[str], list[Any]],
    text: TextQuery,
    fields: list[str],
    descending: bool,
    after: list[Any] | None,
    want: int,
    most: int | None,
) -> tuple[int, list[Any]]:
    """One pass over at most `most` + 1 matches gives both the exact total and the page, where the page query and
    COUNT would otherwise find the same matches twice (or the page would walk the sort's index past thousands of
    non-matches); the page's profiles and people come in the same statement. Written out as SQL: composing it
    through the ORM cost more CPU than PostgreSQL spent running it. Returns (matches seen, the page's profiles
    with their users); with `most` + 1 matches the page is not trustworthy (the LIMIT cut them arbitrarily); with
    `most` None every match is ranked."""
    where, args = conditions
    keys = [f"k{i}" for i in range(len(fields))]
    selected: list[str] = []
    key_args: list[Any] = []
    for key, field in zip(keys, fields, strict=True):
        if field == "tier":
            sql, values = tier_sql(text)
            selected.append(f"{sql} AS {key}")
            key_args += values
        else:
            selected.append(f"{KEY_SQL[field]} AS {key}")
            key_args += [EPOCH] if field == "seen" else []
    inner = f"SELECT {', '.join(selected)} FROM {P} p"
    inner += (" WHERE " + " AND ".join(where) if where else "") + (f" LIMIT {most + 1}" if most else "")
    page_where, page_args = "", []
    if after is not None:
        page_where = f"WHERE ({', '.join(keys)}) {'<' if descending else '>'} ({', '.join(['%s'] * len(keys))})"
        page_args = list(after)
    direction = " DESC" if descending else ""
    order = ", ".join(f"p.{k}{direction}" for k in keys)
    columns = ", ".join([*(f"pr.{f}" for f in SUMMARY_FIELDS), *(f"u.{f}" for f in PERSON_FIELDS)])
    sql = (
        f"WITH c AS ({inner}) SELECT n.total, {columns} FROM (SELECT count(*) AS total FROM c) n "
        f"LEFT JOIN LATERAL (SELECT {', '.join(keys)} FROM c {page_where} ORDER BY "
        f"{', '.join(k + direction for k in keys)} LIMIT %s) p ON true "
        f"LEFT JOIN {P} pr ON pr.user_id = p.{keys[-1]} "
        f"LEFT JOIN {User._meta.db_table} u ON u.id = p.{keys[-1]} ORDER BY {order}"
    )
    with read_connection().cursor() as cursor:
        cursor.execute(sql, [*key_args, *args, *page_args, want])
        found = cursor.fetchall()
    rows: list[Any] = []
    split = 1 + len(SUMMARY_FIELDS)
    for r in found:
        if r[1] is None:
            continue
        # plain attribute holders: model instances would fill every field's default (the current time included)
        profile = SimpleNamespace(**dict(zip(SUMMARY_FIELDS, r[1:split], strict=True)))
        profile.user = SimpleNamespace(id=r[1], **dict(zip(PERSON_FIELDS, r[split:], strict=True)))
        rows.append(profile)
    return found[0][0], rows
