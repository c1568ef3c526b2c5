"""Monitoring's side ports, on what the harness wires and on what bootstrap wires (Django on SQLite, and PostgreSQL
in its pass; ua-parser, Huey, psutil): RouteStats, PulseTimer, RecordingConsent, UserAgents, TicketDesk,
StaffDirectory and SystemProbe. The same tests run on both; each asserts what the port's docstring promises."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from domain.accounts.ports import ProfileRepository
from domain.monitoring.model import Device
from domain.monitoring.ports import (
    PulseTimer,
    RecordingConsent,
    RouteStats,
    StaffDirectory,
    SystemProbe,
    TicketDesk,
    UserAgents,
)
from domain.monitoring.records import RouteSample
from domain.privacy.consents import Consents
from domain.shared.clock import FixedClock
from domain.shared.permissions import Role
from domain.shared.principal import SYSTEM, Principal

from .conftest import learner

pytestmark = pytest.mark.django_db  # the memory parameter simply does not touch it
T0 = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36"
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.4 Mobile/15E148 Safari/604.1"
)
PROBE_KEYS = {
    "cpu_percent",
    "memory_percent",
    "process_rss_mb",
    "database_ms",
    "redis_ms",
    "queue_depth",
    "outbox_backlog",
    "outbox_oldest_seconds",
    "event_streams",
}


def sample(minute: datetime, route: str = "/api/users", count: int = 3) -> RouteSample:
    return RouteSample(minute, route, "GET", count, 1, 0, 42.5, (2, 1, 0))


# -- RouteStats --------------------------------------------------------------------------------------------------
@pytest.fixture(params=["memory", "django"])
def routes(request: pytest.FixtureRequest) -> RouteStats:
    if request.param == "django":
        from adapters.orm.monitoring.state import DjangoRouteStats

        return DjangoRouteStats()
    from adapters.memory.monitoring import InMemoryMonitoring
    from adapters.memory.monitoring_state import InMemoryRouteStats

    return InMemoryRouteStats(InMemoryMonitoring())


def test_route_samples_come_back_whole_from_their_minute_on(routes: RouteStats) -> None:
    assert routes.since(T0) == []
    early, on, late = sample(T0 - timedelta(minutes=1)), sample(T0), sample(T0 + timedelta(minutes=1), "/api/x")
    routes.add([early, on])
    routes.add([late, sample(T0, "/api/users", 5)])  # another process's share of the same minute stays apart
    routes.add([])
    got = routes.since(T0)
    key = lambda s: (s.minute, s.route, s.count)  # noqa: E731
    assert sorted(got, key=key) == sorted([on, late, sample(T0, "/api/users", 5)], key=key)
    assert len(routes.since(T0 - timedelta(days=1))) == 4
    assert routes.since(T0 + timedelta(minutes=2)) == []


def test_requests_served_add_up_every_route_and_process_from_their_minute_on(routes: RouteStats) -> None:
    assert routes.served(T0) == (0, 0)
    routes.add([sample(T0 - timedelta(minutes=1)), sample(T0), sample(T0, "/api/x", 5)])
    assert routes.served(T0) == (8, 2)
    assert routes.served(T0 - timedelta(days=7)) == (11, 3)


# -- PulseTimer --------------------------------------------------------------------------------------------------
@dataclass
class Timer:
    timer: PulseTimer
    pending: Callable[[], list[float]]  # the delays of the pulse runs waiting, in seconds from now


@pytest.fixture(params=["memory", "huey"])
def timer(request: pytest.FixtureRequest) -> Iterator[Timer]:
    if request.param == "memory":
        from adapters.memory.monitoring_state import RecordingTimer

        recording = RecordingTimer()
        yield Timer(recording, lambda: list(recording.delays))
        return
    from huey.contrib.djhuey import HUEY

    import entrypoints.tasks.monitoring  # noqa: F401  (registers monitoring.pulse)
    from adapters.telemetry import HueyPulseTimer

    def pending() -> list[float]:
        now = datetime.now(UTC).replace(tzinfo=None)  # Huey keeps UTC times without a zone
        tasks = [t for t in HUEY.scheduled() if t.name.endswith("monitoring.pulse")]
        return [round((t.eta - now).total_seconds()) for t in tasks]

    HUEY.storage.flush_schedule()
    yield Timer(HueyPulseTimer(), pending)
    HUEY.storage.flush_schedule()


def test_a_pulse_is_put_off_by_the_seconds_asked(timer: Timer) -> None:
    assert timer.pending() == []
    timer.timer.later(5.0)
    timer.timer.later(30)
    assert sorted(timer.pending()) == [5, 30]  # each asked-for run waits; none ran yet


# -- RecordingConsent and TicketDesk (over the privacy and tickets modules) ---------------------------------------
@dataclass
class Modules:
    consent: RecordingConsent
    consents: Consents
    desk: TicketDesk
    profiles: ProfileRepository
    clock: FixedClock

    def add(self, username: str) -> Principal:
        uid = self.profiles.create(learner(username), self.clock.now()).user_id
        return Principal(uid, username, frozenset({Role.LEARNER}))


@pytest.fixture(params=["memory", "django"])
def modules(request: pytest.FixtureRequest) -> Iterator[Modules]:
    from domain.monitoring.seams import SupportDesk
    from domain.privacy.module import ConsentRecording

    if request.param == "memory":
        from entrypoints.harness import build_test_container

        h = build_test_container()
        h.clock.set(T0)
        yield Modules(ConsentRecording(h.consents), h.privacy.consents, SupportDesk(h.support), h.people, h.clock)
        return
    from adapters.orm.accounts.repository import DjangoProfileRepository
    from adapters.orm.privacy.repository import DjangoConsents
    from entrypoints.bootstrap import build_container

    clock = FixedClock(T0)
    c = build_container(clock)
    yield Modules(
        ConsentRecording(DjangoConsents()), c.privacy.consents, SupportDesk(c.support), DjangoProfileRepository(), clock
    )


def test_recording_is_allowed_only_while_session_recording_is_consented(modules: Modules) -> None:
    lea, max_ = modules.add("lea"), modules.add("max")
    assert not modules.consent.recording_allowed(lea.user_id)
    modules.consents.change_mine(lea, {"session_recording": True})
    assert modules.consent.recording_allowed(lea.user_id)
    assert not modules.consent.recording_allowed(max_.user_id)
    assert not modules.consent.recording_allowed(987_654)  # nobody
    modules.clock.advance(timedelta(minutes=1))
    modules.consents.change_mine(lea, {"session_recording": False})
    assert not modules.consent.recording_allowed(lea.user_id)


def test_tickets_opened_for_learners_are_counted_in_their_half_open_window(modules: Modules) -> None:
    lea, max_ = modules.add("lea"), modules.add("max")
    first = modules.desk.open(SYSTEM, lea.user_id, "Errors on /courses", "3 client errors", ("monitoring",))
    modules.clock.advance(timedelta(hours=1))
    second = modules.desk.open(SYSTEM, max_.user_id, "Errors on /quiz", "an error group", ())
    assert first > 0 and second > 0 and first != second
    assert modules.desk.opened(T0, T0 + timedelta(hours=2)) == 2
    assert modules.desk.opened(T0, T0 + timedelta(hours=1)) == 1  # the end is left out
    assert modules.desk.opened(T0 + timedelta(seconds=1), T0 + timedelta(hours=2)) == 1  # the start is in
    assert modules.desk.opened(T0 - timedelta(days=1), T0) == 0


# -- UserAgents --------------------------------------------------------------------------------------------------
@pytest.fixture(params=["memory", "ua-parser"])
def agents(request: pytest.FixtureRequest) -> UserAgents:
    if request.param == "ua-parser":
        from adapters.telemetry import UaParserUserAgents

        return UaParserUserAgents()
    from adapters.memory.monitoring_state import KnownUserAgents

    return KnownUserAgents(
        {
            CHROME: Device("Chrome", "124.0", "Windows", "10", "Other"),
            IPHONE: Device("Mobile Safari", "17.4", "iOS", "17.4", "iPhone"),
        }
    )


def test_a_user_agent_names_its_browser_os_and_device(agents: UserAgents) -> None:
    chrome, iphone = agents.parse(CHROME), agents.parse(IPHONE)
    assert (chrome.browser, chrome.os) == ("Chrome", "Windows")
    assert chrome.browser_version.startswith("124")
    assert (iphone.browser, iphone.os, iphone.device) == ("Mobile Safari", "iOS", "iPhone")
    assert agents.parse(CHROME) == chrome  # the same string, the same device


@pytest.mark.parametrize("text", ["", "no browser named here \x00", "x" * 5000])
def test_a_user_agent_naming_nothing_is_other(agents: UserAgents, text: str) -> None:
    device = agents.parse(text)
    assert (device.browser, device.os, device.device) == ("Other", "Other", "Other")
    assert len(device.browser_version) <= 50 and len(device.os_version) <= 50


# -- StaffDirectory ----------------------------------------------------------------------------------------------
@dataclass
class Staff:
    directory: StaffDirectory
    add: Callable[[str, Collection[Role], bool], int]  # e-mail (or ""), roles, active: their id


@pytest.fixture(params=["memory", "django"])
def staff(request: pytest.FixtureRequest) -> Staff:
    if request.param == "django":
        from django.contrib.auth.models import Group, User

        from adapters.orm.monitoring.state import DjangoStaffDirectory

        counter = iter(range(1, 1000))

        def add_user(email: str, roles: Collection[Role], active: bool) -> int:
            user = User.objects.create_user(f"s{next(counter)}", email, is_active=active)
            user.groups.set([Group.objects.get_or_create(name=r.value)[0] for r in roles])
            return int(user.pk)

        return Staff(DjangoStaffDirectory(), add_user)
    from adapters.memory.monitoring_state import InMemoryStaff

    fake, ids = InMemoryStaff(), iter(range(1, 1000))

    def add(email: str, roles: Collection[Role], active: bool) -> int:
        uid = next(ids)
        fake.people[uid] = (email, frozenset(roles))
        if not active:
            fake.inactive.add(uid)
        return uid

    return Staff(fake, add)


def test_staff_emails_are_those_of_active_holders_of_any_role(staff: Staff) -> None:
    staff.add("cs@example.com", [Role.CUSTOMER_SUCCESS], True)
    staff.add("both@example.com", [Role.CUSTOMER_SUCCESS, Role.SUPPORT_ADMIN], True)
    staff.add("admin@example.com", [Role.SUPPORT_ADMIN], True)
    staff.add("gone@example.com", [Role.SUPPORT_ADMIN], False)
    staff.add("", [Role.SUPPORT_ADMIN], True)  # no address: nobody to write to
    staff.add("lea@example.com", [Role.LEARNER], True)
    d = staff.directory
    assert d.emails_of([Role.CUSTOMER_SUCCESS]) == ["both@example.com", "cs@example.com"]
    assert sorted(d.emails_of([Role.CUSTOMER_SUCCESS, Role.SUPPORT_ADMIN])) == [
        "admin@example.com",
        "both@example.com",
        "cs@example.com",
    ]
    assert d.emails_of([]) == []
    assert d.emails_of([Role.SUPPORT_AGENT]) == []


def test_a_role_has_members_only_while_someone_active_holds_it(staff: Staff) -> None:
    staff.add("gone@example.com", [Role.CUSTOMER_SUCCESS], False)
    assert not staff.directory.has_members(Role.CUSTOMER_SUCCESS)
    staff.add("", [Role.CUSTOMER_SUCCESS], True)  # an address is not needed to be a member
    assert staff.directory.has_members(Role.CUSTOMER_SUCCESS)
    assert not staff.directory.has_members(Role.SUPPORT_ADMIN)


def test_only_active_staff_who_may_read_monitoring_can_triage(staff: Staff) -> None:
    agent = staff.add("a@example.com", [Role.SUPPORT_AGENT], True)
    gone = staff.add("g@example.com", [Role.SUPPORT_AGENT], False)
    learner_ = staff.add("l@example.com", [Role.LEARNER], True)
    d = staff.directory
    assert d.can_triage(agent)
    assert not d.can_triage(gone)
    assert not d.can_triage(learner_)
    assert not d.can_triage(987_654)


# -- SystemProbe -------------------------------------------------------------------------------------------------
@pytest.fixture(params=["memory", "host"])
def probe(request: pytest.FixtureRequest) -> SystemProbe:
    if request.param == "host":
        from adapters.telemetry import HostProbe

        return HostProbe(FixedClock(T0))
    from adapters.memory.monitoring_state import RecordingSystemProbe

    return RecordingSystemProbe()


def test_a_sample_names_every_promised_figure_in_range(probe: SystemProbe) -> None:
    figures = probe.sample()
    assert set(figures) >= PROBE_KEYS
    assert all(v is None or (isinstance(v, float | int) and v >= 0) for v in figures.values())
    for name in ("cpu_percent", "memory_percent"):
        value = figures[name]
        assert value is not None and 0 <= value <= 100
    assert figures["outbox_backlog"] is not None  # the database is always there to ask
