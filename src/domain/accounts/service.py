"""Use cases of learner accounts: search, 360° profile, status changes, creation."""

from __future__ import annotations

from dataclasses import dataclass, replace

from domain.shared.audit import AuditTrail
from domain.shared.clock import Clock
from domain.shared.errors import Conflict, InvalidInput, NotFound
from domain.shared.pagination import Page, PageRequest
from domain.shared.permissions import Permission
from domain.shared.principal import Principal
from domain.shared.uow import UnitOfWork
from domain.shared.validation import EMAIL_RE, USERNAME_RE

from .events import AccountCreated, AccountStatusChanged
from .learning import Course
from .model import AccountStatus, PlatformRole, SupportPriority, allowed_targets, is_restore
from .ports import AccessRevoker, NewLearner, ProfileQueries, ProfileRepository
from .queries import ActivityEntry, ActivityFilter, ProfileDetail, SearchResult
from .search import ProfileSearch


@dataclass(frozen=True)
class ProfileUpdate:
    account_status: AccountStatus | None = None
    status_reason: str = ""
    support_priority: SupportPriority | None = None


class AccountsService:
    def __init__(
        self,
        profiles: ProfileRepository,
        queries: ProfileQueries,
        revoker: AccessRevoker,
        audit: AuditTrail,
        uow: UnitOfWork,
        clock: Clock,
    ):
        self.profiles = profiles
        self.queries = queries
        self.revoker = revoker
        self.audit = audit
        self.uow = uow
        self.clock = clock

    def courses(self, actor: Principal, prefix: str, page: PageRequest) -> Page[Course]:
        """The platform's courses (codes and titles, as ingestion learnt them), for filters by course."""
        actor.require(Permission.PROFILES_SEARCH)
        return self.queries.course_list(prefix.strip(), page)

    def search(self, actor: Principal, request: ProfileSearch, page: PageRequest) -> SearchResult:
        actor.require(Permission.PROFILES_SEARCH)
        criteria = request.criteria(self.clock.now())
        result = self.queries.search(criteria, page)
        if criteria.text:
            text = criteria.text
            result = replace(result, items=[replace(s, match=text.match(s)) for s in result.items])
        with self.uow:
            self.audit.record(
                actor,
                "profile.search",
                "user",
                "",
                {"q": criteria.q, "sort": criteria.sort.token, "returned": [p.id for p in result.items]},
            )
            self.uow.commit()
        return result

    def detail(self, actor: Principal, user_id: int) -> ProfileDetail:
        self.audit.require(actor, Permission.PROFILES_READ, "user", user_id)
        detail = self.queries.detail(user_id)
        if detail is None:
            raise NotFound("No such user.", code="user_not_found", details={"id": user_id})
        with self.uow:
            self.audit.record(actor, "profile.read", "user", user_id)
            self.uow.commit()
        return for_reader(detail, actor)

    def context_of(self, user_id: int) -> ProfileDetail | None:
        """A learner's profile for other modules' own use cases (a ticket's context snapshot).
        No permission check and no audit here: the calling use case checks and audits."""
        return self.queries.detail(user_id)

    def activity(self, actor: Principal, user_id: int, flt: ActivityFilter, page: PageRequest) -> Page[ActivityEntry]:
        self.audit.require(actor, Permission.ACTIVITY_READ, "user", user_id)
        if not self.queries.exists(user_id):
            raise NotFound("No such user.", code="user_not_found", details={"id": user_id})
        result = self.queries.activity(user_id, flt, page)
        with self.uow:
            self.audit.record(actor, "activity.read", "user", user_id, {"types": sorted(flt.types)})
            self.uow.commit()
        return result

    def update(self, actor: Principal, user_id: int, change: ProfileUpdate) -> ProfileDetail:
        self.audit.require(actor, Permission.PROFILES_UPDATE, "user", user_id)
        if change.account_status is None and change.support_priority is None:
            raise InvalidInput("Nothing to change: give account_status or support_priority.", code="empty_update")
        now = self.clock.now()
        with self.uow:
            profile = self.profiles.get_for_update(user_id)
            if profile is None:
                raise NotFound("No such user.", code="user_not_found", details={"id": user_id})
            details: dict[str, object] = {}
            status_change = None
            if change.account_status is not None and change.account_status is not profile.account_status:
                if is_restore(profile.account_status, change.account_status):
                    actor.require(Permission.PROFILES_RESTORE)
                status_change = profile.change_status(change.account_status, change.status_reason, actor.user_id, now)
                details.update(
                    {
                        "from": status_change.from_status.value,
                        "to": status_change.to_status.value,
                        "reason": status_change.reason,
                    }
                )
            if change.support_priority is not None and change.support_priority is not profile.support_priority:
                details["support_priority"] = {"from": profile.support_priority.value, "to": change.support_priority}
                profile.support_priority = change.support_priority
            if details:
                self.profiles.save(profile)
                self.audit.record(actor, "profile.update", "user", user_id, details)
            if status_change is not None:
                if status_change.from_status is AccountStatus.ACTIVE:
                    self.revoker.revoke_all_access(user_id)
                self.uow.publish(
                    AccountStatusChanged(
                        user_id,
                        status_change.from_status,
                        status_change.to_status,
                        status_change.reason,
                        actor.user_id,
                        now,
                    )
                )
            detail = self._produced(user_id)
            self.uow.commit()
        return for_reader(detail, actor)

    def create(self, actor: Principal, new: NewLearner) -> ProfileDetail:
        actor.require(Permission.PROFILES_CREATE)
        new = new.trimmed()
        if new.account_status not in (AccountStatus.PENDING, AccountStatus.ACTIVE):
            raise InvalidInput("A new account starts pending or active.", code="invalid_initial_status")
        if new.platform_role is PlatformRole.STAFF:
            raise InvalidInput("Staff accounts are made with POST /api/staff/.", code="invalid_platform_role")
        if not USERNAME_RE.match(new.username):
            raise InvalidInput("username must be 3-150 letters, digits or @.+-_", code="invalid_username")
        if not EMAIL_RE.match(new.email):
            raise InvalidInput("email is not an e-mail address", code="invalid_email")
        with self.uow:
            taken = self.profiles.taken(new.username, new.email)
            if taken:
                raise Conflict(
                    f"{' and '.join(taken)} already in use.", code="identity_taken", details={"fields": taken}
                )
            profile = self.profiles.create(new, self.clock.now())
            self.audit.record(
                actor,
                "profile.create",
                "user",
                profile.user_id,
                {"account_status": new.account_status.value},  # ids only: the username is the profile's
            )
            self.uow.publish(AccountCreated(profile.user_id, new.account_status))
            detail = self._produced(profile.user_id)
            self.uow.commit()
        return for_reader(detail, actor)

    def _produced(self, user_id: int) -> ProfileDetail:
        """The profile as the command left it, read in the command's own transaction (no second transaction,
        no audited read, no other writer's later state)."""
        detail = self.queries.detail(user_id)
        assert detail is not None, "read inside the transaction that holds the profile"
        return detail


def for_reader(detail: ProfileDetail, actor: Principal) -> ProfileDetail:
    """The profile with the status moves this reader may make."""
    source = detail.summary.account_status
    may_change = actor.can(Permission.PROFILES_UPDATE)
    moves = allowed_targets(source, may_change, may_change and actor.can(Permission.PROFILES_RESTORE))
    return replace(detail, allowed_transitions=moves)
