"""Operations on people already in the system (update_status, update_fields, notify), one batch at a time.

Each person's effect is idempotent: a status already reached, a field already set, a course already taken are
skipped, so a batch applied twice changes nothing twice; and the batch commits with the checkpoint anyway."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from domain.accounts.events import AccountStatusChanged
from domain.accounts.model import AccountStatus, Profile, is_restore
from domain.shared.errors import DomainError
from domain.shared.events import Notification
from domain.shared.permissions import Permission
from domain.shared.principal import Principal
from domain.shared.uow import UnitOfWork

from . import changes as c
from .model import BatchOutcome, FieldChange, RowError, RowErrorCode
from .parameters import FieldParams, NotifyParams, StatusParams, Targets, render
from .ports import BulkAccounts, Revoker
from .progress import Tick, no_tick

E = RowErrorCode


def next_ids(accounts: BulkAccounts, targets: Targets, after: int, limit: int, now: datetime) -> list[int]:
    """The next batch of targets after the checkpoint (the last id done), ascending."""
    if targets.user_ids is not None:
        return [i for i in targets.user_ids if i > after][:limit]
    assert targets.search is not None
    return accounts.select_ids(targets.search.criteria(now), after, limit)


def count_targets(accounts: BulkAccounts, targets: Targets, now: datetime) -> int:
    if targets.user_ids is not None:
        return len(targets.user_ids)
    assert targets.search is not None
    return accounts.count(targets.search.criteria(now))


@dataclass
class StatusEffects:
    """Status changes made in a batch, and what must follow each (revocation, the event)."""

    changed: list[Profile] = field(default_factory=list)
    events: list[AccountStatusChanged] = field(default_factory=list)


def change_status(
    actor: Principal, profile: Profile, target: AccountStatus, reason: str, now: datetime, effects: StatusEffects
) -> RowError | None:
    """Through the accounts state machine; a refusal is the row's error."""
    if is_restore(profile.account_status, target) and not actor.can(Permission.PROFILES_RESTORE):
        return RowError(
            E.RESTORE_NOT_ALLOWED,
            "Restoring an archived account needs profiles.restore.",
            user_id=profile.user_id,
            field="account_status",
        )
    try:
        change = profile.change_status(target, reason, actor.user_id, now)
    except DomainError as exc:
        code = E.STATUS_REASON_REQUIRED if exc.code == "status_reason_required" else E.INVALID_STATUS_TRANSITION
        return RowError(code, exc.message, user_id=profile.user_id, field="account_status")
    effects.events.append(
        AccountStatusChanged(profile.user_id, change.from_status, change.to_status, change.reason, actor.user_id, now)
    )
    return None


def finish_status(
    accounts: BulkAccounts, revoker: Revoker, uow: UnitOfWork, fx: StatusEffects, tick: Tick = no_tick, done: int = 0
) -> None:
    """A batch's changes in a few statements: the profiles and their history, one revocation of everyone who left
    `active`, and each person's AccountStatusChanged (the `users` and `user-<id>` channels' documented events)
    written to the outbox in one insert."""
    accounts.save_profiles(fx.changed)
    tick(done)
    revoker.revoke_all_access_of([e.user_id for e in fx.events if e.from_status is AccountStatus.ACTIVE])
    tick(done)
    uow.publish_all(fx.events)


def missing(ids: Sequence[int], found: dict[int, Profile]) -> list[RowError]:
    return [RowError(E.USER_NOT_FOUND, "No such user.", user_id=i) for i in ids if i not in found]


def update_status(
    actor: Principal,
    accounts: BulkAccounts,
    revoker: Revoker,
    uow: UnitOfWork,
    params: StatusParams,
    ids: list[int],
    now: datetime,
    dry_run: bool,
    tick: Tick = no_tick,
) -> BatchOutcome:
    profiles = accounts.profiles_for_update(ids)
    errors, skipped, fx = missing(ids, profiles), 0, StatusEffects()
    diffs: dict[int, list[FieldChange]] = {}
    for done, uid in enumerate(ids):
        tick(done)
        profile = profiles.get(uid)
        if profile is None:
            continue
        if profile.account_status is params.status:
            skipped += 1
            continue
        before = profile.account_status
        error = change_status(actor, profile, params.status, params.reason, now, fx)
        if error:
            errors.append(error)
        else:
            fx.changed.append(profile)
            diffs[uid] = c.diff("account_status", before, profile.account_status)
    if not dry_run:
        finish_status(accounts, revoker, uow, fx, tick, len(ids))
        return BatchOutcome(
            ids[-1], len(fx.changed), skipped, tuple(errors), changed=tuple(p.user_id for p in fx.changed)
        )
    return BatchOutcome(ids[-1], len(fx.changed), skipped, tuple(errors), changes=c.named(accounts, diffs))


def update_fields(
    accounts: BulkAccounts, params: FieldParams, ids: list[int], now: datetime, dry_run: bool, tick: Tick = no_tick
) -> BatchOutcome:
    profiles = accounts.profiles_for_update(ids)
    errors = missing(ids, profiles)
    courses = accounts.course_ids(params.add_courses + params.remove_courses)
    unknown = [c for c in params.add_courses + params.remove_courses if c not in courses]
    enrolled = accounts.enrolled(list(profiles)) if courses else {}
    changed: list[Profile] = []
    enrol: list[tuple[int, int]] = []
    drop: list[tuple[int, int]] = []
    done = skipped = 0
    diffs: dict[int, list[FieldChange]] = {}
    people: list[int] = []
    for seen, uid in enumerate(ids):
        tick(seen)
        profile = profiles.get(uid)
        if profile is None:
            continue
        if unknown:
            errors.append(RowError(E.UNKNOWN_COURSE, f"No course {unknown[0]!r}.", user_id=uid, field="courses"))
            continue
        touched, was = False, (profile.support_priority, profile.platform_role)
        if params.support_priority and profile.support_priority is not params.support_priority:
            profile.support_priority, touched = params.support_priority, True
        if params.platform_role and profile.platform_role is not params.platform_role:
            profile.platform_role, touched = params.platform_role, True
        if touched:
            changed.append(profile)
        mine = enrolled.get(uid, {})
        adds = [(uid, courses[c]) for c in params.add_courses if not mine.get(courses[c], False)]
        drops = [(uid, courses[c]) for c in params.remove_courses if mine.get(courses[c], False)]
        enrol += adds
        drop += drops
        diffs[uid] = [
            *c.diff("support_priority", was[0], profile.support_priority),
            *c.diff("platform_role", was[1], profile.platform_role),
            *c.courses(
                [x for x in params.add_courses if not mine.get(courses[x], False)],
                [x for x in params.remove_courses if mine.get(courses[x], False)],
            ),
        ]
        if touched or adds or drops:
            done += 1
            people.append(uid)
        else:
            skipped += 1
    if not dry_run:
        accounts.save_profiles(changed)
        tick(len(ids))
        accounts.enrol(enrol, now)
        tick(len(ids))
        accounts.drop(drop)
        return BatchOutcome(ids[-1], done, skipped, tuple(errors), changed=tuple(people))
    return BatchOutcome(ids[-1], done, skipped, tuple(errors), changes=c.named(accounts, diffs))


def notify(
    accounts: BulkAccounts, uow: UnitOfWork, params: NotifyParams, ids: list[int], dry_run: bool, tick: Tick = no_tick
) -> BatchOutcome:
    """One message per person (targets are unique and the batch commits with its checkpoint: never twice)."""
    people = accounts.people(ids)
    profiles = accounts.profiles_for_update(ids) if params.marketing else {}
    errors: list[RowError] = []
    sent = 0
    for done, uid in enumerate(ids):
        tick(done)
        person = people.get(uid)
        if person is None:
            errors.append(RowError(E.USER_NOT_FOUND, "No such user.", user_id=uid))
        elif not person.email:
            errors.append(RowError(E.NO_EMAIL_ADDRESS, "The person has no e-mail address.", user_id=uid, field="email"))
        elif params.marketing and not (uid in profiles and profiles[uid].marketing_consent):
            errors.append(
                RowError(
                    E.NO_MARKETING_CONSENT,
                    "The person did not agree to marketing e-mail.",
                    user_id=uid,
                    field="marketing_consent",
                )
            )
        else:
            values = {
                "first_name": person.first_name,
                "last_name": person.last_name,
                "username": person.username,
                "email": person.email,
            }
            if not dry_run:
                uow.notify(Notification(person.email, render(params.subject, values), render(params.body, values)))
            sent += 1
    return BatchOutcome(ids[-1], sent, 0, tuple(errors))
