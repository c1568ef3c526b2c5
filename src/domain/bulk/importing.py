"""import_users: the file's columns, each row checked on its own, and a batch of rows applied.

A good row is never blocked by a bad one. Rows are matched to accounts by e-mail, then by username. New accounts
get no password: an invitation with a one-time set-password link goes through the outbox."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from domain.accounts.model import AccountStatus, PlatformRole, Profile, SupportPriority
from domain.accounts.ports import NewLearner
from domain.security.ports import Account
from domain.shared.errors import Unprocessable
from domain.shared.principal import Principal
from domain.shared.uow import UnitOfWork
from domain.shared.validation import EMAIL_RE, USERNAME_RE

from . import changes as ch
from .model import BatchOutcome, FieldChange, RowChange, RowError, RowErrorCode
from .parameters import ImportMode
from .ports import BulkAccounts, Inviter, Person, PersonNames, Revoker
from .progress import Tick, no_tick
from .targets import StatusEffects, change_status, finish_status

COLUMNS = (
    "username",
    "email",
    "first_name",
    "last_name",
    "platform_role",
    "support_priority",
    "account_status",
    "courses",
)
REQUIRED = ("username", "email")
MAX_LENGTH = {"username": 150, "email": 254, "first_name": 150, "last_name": 150}
NEW_STATUSES = (AccountStatus.PENDING, AccountStatus.ACTIVE)
E = RowErrorCode


def check_header(header: Sequence[str]) -> list[str]:
    """The columns in file order (names trimmed and lower-case); refuses unknown, repeated or missing ones."""
    names = [h.strip().lower() for h in header]
    unknown = [n for n in names if n not in COLUMNS]
    repeated = sorted({n for n in names if names.count(n) > 1})
    absent = [c for c in REQUIRED if c not in names]
    if unknown or repeated or absent:
        raise Unprocessable(
            "The file's header must name only the known columns, each once, username and email included.",
            code="invalid_import_columns",
            details={"unknown": unknown[:20], "repeated": repeated, "missing": absent, "allowed": list(COLUMNS)},
        )
    return names


@dataclass(frozen=True)
class Row:
    number: int  # in the file, the header being row 1
    username: str
    email: str
    first_name: str
    last_name: str
    platform_role: PlatformRole | None
    support_priority: SupportPriority | None
    account_status: AccountStatus | None
    courses: tuple[str, ...]


def parse_row(number: int, columns: Sequence[str], cells: Sequence[str]) -> Row | RowError:
    raw = {c: (cells[i].strip() if i < len(cells) and cells[i] is not None else "") for i, c in enumerate(columns)}
    for name in REQUIRED:
        if not raw.get(name):
            return RowError(E.MISSING_VALUE, f"{name} is empty.", row=number, field=name)
    for name, limit in MAX_LENGTH.items():
        if len(raw.get(name, "")) > limit:
            return RowError(E.VALUE_TOO_LONG, f"{name} is longer than {limit} characters.", row=number, field=name)
    if not USERNAME_RE.match(raw["username"]):
        return RowError(
            E.INVALID_USERNAME, "username must be 3-150 letters, digits or @.+-_", row=number, field="username"
        )
    if not EMAIL_RE.match(raw["email"]):
        return RowError(E.INVALID_EMAIL, "email is not an e-mail address.", row=number, field="email")
    choices: list[tuple[str, type[PlatformRole | SupportPriority | AccountStatus], RowErrorCode]] = [
        ("platform_role", PlatformRole, E.UNKNOWN_ROLE),
        ("support_priority", SupportPriority, E.UNKNOWN_PRIORITY),
        ("account_status", AccountStatus, E.UNKNOWN_STATUS),
    ]
    values: dict[str, object] = {}
    for name, kind, code in choices:
        text = raw.get(name, "").lower()
        allowed = [v.value for v in kind]
        if text and (text not in allowed or (kind is PlatformRole and text == PlatformRole.STAFF)):
            shown = [a for a in allowed if a != PlatformRole.STAFF]
            return RowError(code, f"{name} must be one of {', '.join(shown)}.", row=number, field=name)
        values[name] = kind(text) if text else None
    courses = tuple(dict.fromkeys(c.strip() for c in raw.get("courses", "").split(";") if c.strip()))
    return Row(
        number,
        raw["username"],
        raw["email"],
        raw.get("first_name", ""),
        raw.get("last_name", ""),
        courses=courses,
        **values,  # type: ignore[arg-type]
    )


@dataclass
class Seen:
    """The e-mails and usernames of the file's good rows so far: a later row with either is a duplicate."""

    emails: set[str] = field(default_factory=set)
    usernames: set[str] = field(default_factory=set)

    def check(self, item: Row | RowError) -> Row | RowError:
        if isinstance(item, RowError):
            return item
        email, username = item.email.lower(), item.username.lower()
        if email in self.emails or username in self.usernames:
            which = "email" if email in self.emails else "username"
            return RowError(E.DUPLICATE_IN_FILE, f"An earlier row has this {which}.", row=item.number, field=which)
        self.emails.add(email)
        self.usernames.add(username)
        return item


@dataclass
class ImportBatch:
    """Applies one batch of checked rows (errors already found stay in the batch's report)."""

    actor: Principal
    accounts: BulkAccounts
    revoker: Revoker
    inviter: Inviter
    uow: UnitOfWork
    mode: ImportMode
    reason: str
    now: datetime
    dry_run: bool
    tick: Tick = no_tick

    def apply(self, items: list[Row | RowError], checkpoint: int) -> BatchOutcome:
        rows = [i for i in items if isinstance(i, Row)]
        errors = [i for i in items if isinstance(i, RowError)]
        codes = {c for r in rows for c in r.courses}
        courses = self.accounts.course_ids(codes) if codes else {}
        people = self.accounts.match([r.email for r in rows], [r.username for r in rows])
        by_email = {p.email.lower(): p for p in people}
        by_name = {p.username.lower(): p for p in people}
        creates: list[Row] = []
        updates: list[tuple[Row, Person]] = []
        for done, r in enumerate(rows):
            self.tick(done)
            error = self._refusal(r, courses, by_email, by_name)
            if error:
                errors.append(error)
                continue
            match = by_email.get(r.email.lower()) or by_name.get(r.username.lower())
            if match is None:
                creates.append(r)
            else:
                updates.append((r, match))
        self.tick(len(rows))
        created = self._create(creates, courses)
        self.tick(len(creates))
        changed, skipped, more, diffs = self._update(updates, courses)
        errors += more
        ordered = tuple(sorted(errors, key=lambda e: e.row or 0))
        if self.dry_run:
            return BatchOutcome(checkpoint, len(creates) + len(changed), skipped, ordered, changes=tuple(diffs))
        return BatchOutcome(checkpoint, len(creates) + len(changed), skipped, ordered, changed=(*created, *changed))

    def _refusal(
        self, r: Row, courses: dict[str, int], by_email: dict[str, Person], by_name: dict[str, Person]
    ) -> RowError | None:
        unknown = [c for c in r.courses if c not in courses]
        if unknown:
            return RowError(E.UNKNOWN_COURSE, f"No course {unknown[0]!r}.", row=r.number, field="courses")
        mail, name = by_email.get(r.email.lower()), by_name.get(r.username.lower())
        match = mail or name
        if (mail and name and mail.user_id != name.user_id) or (name and not mail and name.email):
            return RowError(
                E.IDENTITY_TAKEN, "The username belongs to another account.", row=r.number, field="username"
            )
        if match and self.mode is ImportMode.CREATE_ONLY:
            return RowError(
                E.ACCOUNT_EXISTS,
                "An account has this e-mail or username (mode create_only).",
                row=r.number,
                field="email",
            )
        if not match and self.mode is ImportMode.UPDATE_ONLY:
            return RowError(
                E.ACCOUNT_NOT_FOUND,
                "No account has this e-mail or username (mode update_only).",
                row=r.number,
                field="email",
            )
        if not match and r.account_status and r.account_status not in NEW_STATUSES:
            return RowError(
                E.INVALID_STATUS_TRANSITION,
                "A new account starts pending or active.",
                row=r.number,
                field="account_status",
            )
        return None

    def _create(self, rows: list[Row], courses: dict[str, int]) -> list[int]:
        """The new accounts' ids (none in a dry run)."""
        if self.dry_run or not rows:
            return []
        news = [
            NewLearner(
                r.username,
                r.email,
                r.first_name,
                r.last_name,
                r.account_status or AccountStatus.ACTIVE,
                r.platform_role or PlatformRole.LEARNER,
                r.support_priority or SupportPriority.NORMAL,
                False,
                None,
            )
            for r in rows
        ]
        ids = self.accounts.create(news, self.now)
        self.tick(len(rows))
        self.accounts.enrol([(uid, courses[c]) for uid, r in zip(ids, rows, strict=True) for c in r.courses], self.now)
        self.inviter.invite_all([Account(i, r.username, r.email, r.first_name) for i, r in zip(ids, rows, strict=True)])
        return list(ids)

    def _update(
        self, pairs: list[tuple[Row, Person]], courses: dict[str, int]
    ) -> tuple[list[int], int, list[RowError], list[RowChange]]:
        """The ids changed, the rows skipped, the rows' errors, and what each changed row becomes (for dry runs)."""
        profiles = self.accounts.profiles_for_update([p.user_id for _, p in pairs])
        live = self.accounts.enrolled(list(profiles)) if any(r.courses for r, _ in pairs) else {}
        fx, names, enrol, errors, diffs = StatusEffects(), [], [], [], []
        changed: list[int] = []
        skipped = 0
        for done, (r, person) in enumerate(pairs):
            self.tick(done)
            profile = profiles[person.user_id]
            was = (profile.platform_role, profile.support_priority, profile.account_status)
            touched = _set_fields(profile, r)
            if r.account_status and r.account_status is not profile.account_status:
                error = change_status(self.actor, profile, r.account_status, self.reason, self.now, fx)
                if error:
                    errors.append(RowError(error.code, error.message, row=r.number, field="account_status"))
                    continue
                touched = True
            if (r.first_name and r.first_name != person.first_name) or (
                r.last_name and r.last_name != person.last_name
            ):
                names.append(
                    PersonNames(person.user_id, r.first_name or person.first_name, r.last_name or person.last_name)
                )
                touched = True
            mine = live.get(person.user_id, {})
            added = [c for c in r.courses if not mine.get(courses[c], False)]
            adds = [(person.user_id, courses[c]) for c in added]
            enrol += adds
            if touched or adds:
                fx.changed.append(profile)
                changed.append(person.user_id)
                fields = (*_diff(was, profile, r, person), *ch.courses(added))
                diffs.append(RowChange(person.user_id, person.username, fields, r.number))
            else:
                skipped += 1
        if not self.dry_run:
            finish_status(self.accounts, self.revoker, self.uow, fx, self.tick, len(pairs))
            self.accounts.rename(names)
            self.accounts.enrol(enrol, self.now)
        return changed, skipped, errors, diffs


def _set_fields(profile: Profile, r: Row) -> bool:
    touched = False
    if r.platform_role and r.platform_role is not profile.platform_role:
        profile.platform_role, touched = r.platform_role, True
    if r.support_priority and r.support_priority is not profile.support_priority:
        profile.support_priority, touched = r.support_priority, True
    return touched


def _diff(was: tuple[object, object, object], profile: Profile, r: Row, person: Person) -> list[FieldChange]:
    """The row's changes to a matched account (its e-mail and username match it, so they never change)."""
    return [
        *ch.diff("first_name", person.first_name, r.first_name or person.first_name),
        *ch.diff("last_name", person.last_name, r.last_name or person.last_name),
        *ch.diff("platform_role", was[0], profile.platform_role),
        *ch.diff("support_priority", was[1], profile.support_priority),
        *ch.diff("account_status", was[2], profile.account_status),
    ]
