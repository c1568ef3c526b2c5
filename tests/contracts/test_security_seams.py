"""The security module's seams, as the harness wires them and as bootstrap wires them (Django on SQLite, and
PostgreSQL in its pass): DeviceClassifier, SecretBox, RoleWatch (the Detector, and Django's role signals reporting
into it), SecondFactor (MfaService behind AuthService.login) and impersonation's StepUp (InMemoryStepUp, and
MfaStepUp over MfaService).

DeviceClassifier and SecretBox have one implementation each, which the harness uses too (ua-parser; Fernet under
the harness's key or the settings' keys): their suites run those."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from domain.identity.model import Identity, IssuedToken, MfaChallenge
from domain.identity.ports import FactorState, RoleWatch, SecondFactor
from domain.impersonation.ports import StepUp
from domain.security.mfa import MfaPolicy, code_at, time_step
from domain.security.model import EventFilter, Severity
from domain.security.ports import DeviceClassifier, SecretBox, SecurityEventStore
from domain.shared.clock import FixedClock
from domain.shared.errors import NotAuthenticated
from domain.shared.pagination import PageRequest
from domain.shared.permissions import Role
from domain.shared.principal import Principal, RequestMeta
from entrypoints.container import Container

pytestmark = pytest.mark.django_db  # the memory parameter simply does not touch it
T0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"
META = RequestMeta("203.0.113.9", "pytest")
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.4 Mobile/15E148 Safari/604.1"
)
CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36"


# -- DeviceClassifier --------------------------------------------------------------------------------------------
@pytest.fixture
def devices() -> DeviceClassifier:
    from adapters.user_agents import UaParserDevices

    return UaParserDevices()


def test_a_device_family_is_browser_and_os_without_versions(devices: DeviceClassifier) -> None:
    assert devices.family(IPHONE) == "Mobile Safari/iOS"
    assert devices.family(CHROME) == "Chrome/Windows"
    older = CHROME.replace("Chrome/124.0", "Chrome/99.0").replace("NT 10.0", "NT 6.1")
    assert devices.family(older) == "Chrome/Windows"  # versions do not count


@pytest.mark.parametrize("text", ["", "no browser named here", "\x00" * 10, "x" * 10_000])
def test_a_user_agent_naming_nothing_is_other(devices: DeviceClassifier, text: str) -> None:
    assert devices.family(text) == "Other/Other"


# -- SecretBox ---------------------------------------------------------------------------------------------------
@pytest.fixture(params=["harness", "settings"])
def box(request: pytest.FixtureRequest) -> SecretBox:
    from adapters.crypto import FernetBox

    if request.param == "harness":
        from entrypoints.harness import TEST_MFA_KEY

        return FernetBox([TEST_MFA_KEY])
    from django.conf import settings

    return FernetBox.from_settings(settings.MFA_ENCRYPTION_KEY, settings.SECRET_KEY)


def test_a_sealed_secret_opens_to_itself_and_does_not_show_it(box: SecretBox) -> None:
    for plain in ("JBSWY3DPEHPK3PXP", "", "é ü 🔑"):
        sealed = box.seal(plain)
        assert box.open(sealed) == plain
        assert plain == "" or plain not in sealed


@pytest.mark.parametrize("sealed", ["", "not sealed at all", "gAAAAABtampered"])
def test_what_was_not_sealed_by_the_box_does_not_open(box: SecretBox, sealed: str) -> None:
    with pytest.raises(ValueError):
        box.open(sealed)


def test_a_secret_sealed_under_another_key_does_not_open_until_the_box_holds_that_key(box: SecretBox) -> None:
    from cryptography.fernet import Fernet

    from adapters.crypto import FernetBox

    old = Fernet.generate_key()
    sealed_before = FernetBox([old]).seal("JBSWY3DPEHPK3PXP")
    with pytest.raises(ValueError):
        box.open(sealed_before)
    rotated = FernetBox([Fernet.generate_key(), old])  # a new key first: it seals; the old one still opens
    assert rotated.open(sealed_before) == "JBSWY3DPEHPK3PXP"
    assert rotated.open(rotated.seal("x")) == "x"


# -- the containers: RoleWatch, SecondFactor, StepUp -------------------------------------------------------------
@dataclass
class World:
    c: Container
    clock: FixedClock
    events: SecurityEventStore
    step_up: StepUp
    person: Callable[[str], int]  # a support agent who logs in with PASSWORD: the id
    identity: Callable[[int], Identity]
    enrol: Callable[[int], Callable[[], str]]  # confirmed MFA for the person: a current code, each time a new one

    def principal(self, user_id: int) -> Principal:
        principal = self.c.auth.principal_for_user(user_id)
        assert principal is not None
        return Principal(principal.user_id, principal.username, principal.roles, meta=META)

    def role_events(self, user_id: int) -> list[tuple[Severity, list[str], list[str], str]]:
        page = self.events.search(EventFilter(user_id=user_id, event_type="role_changed"), PageRequest())
        return [(e.severity, list(e.facts["granted"]), list(e.facts["revoked"]), e.facts["via"]) for e in page.items]


def mfa_enrol(
    c: Container, clock: FixedClock, principal: Callable[[int], Principal]
) -> Callable[[int], Callable[[], str]]:
    """Enrolment through the MFA service; each code asked for is the next time step's (a used code is spent)."""
    policy = MfaPolicy()

    def enrol(user_id: int) -> Callable[[], str]:
        who = principal(user_id)
        secret = c.mfa.enrol(who).secret
        c.mfa.confirm(who, code_at(secret, time_step(clock.now(), policy), policy))

        def current() -> str:
            clock.advance(timedelta(seconds=30))
            return code_at(secret, time_step(clock.now(), policy), policy)

        return current

    return enrol


def memory_world(fake_step_up: bool) -> World:
    from entrypoints.harness import build_test_container

    c = build_test_container()
    c.clock.set(T0)

    def person(name: str) -> int:
        return c.directory.add(name, PASSWORD, frozenset({Role.SUPPORT_AGENT}), email=f"{name}@example.com").id

    def identity(user_id: int) -> Identity:
        found = c.directory.get(user_id)
        assert found is not None
        return found

    step_up: StepUp = c.step_up  # the harness's fake
    if not fake_step_up:
        from adapters.step_up import MfaStepUp

        step_up = MfaStepUp(c.mfa)  # the real adapter over the harness's MFA service
    world = World(c, c.clock, c.security_events, step_up, person, identity, lambda _uid: lambda: "")
    enrol_mfa = mfa_enrol(c, c.clock, world.principal)
    if fake_step_up:
        codes = iter(range(100_000, 999_999))

        def enrol_fake(user_id: int) -> Callable[[], str]:
            def current() -> str:
                c.step_up.codes[user_id] = str(next(codes))
                return c.step_up.codes[user_id]

            current()
            return current

        world.enrol = enrol_fake
    else:
        world.enrol = enrol_mfa
    return world


def django_world() -> World:
    from django.contrib.auth.models import Group, User

    from adapters.orm.identity.repository import DjangoIdentityDirectory
    from adapters.orm.security.repository import DjangoSecurityEventStore
    from adapters.step_up import MfaStepUp
    from entrypoints.bootstrap import build_container

    clock = FixedClock(T0)
    c = build_container(clock)

    def person(name: str) -> int:
        user = User.objects.create_user(name, f"{name}@example.com", PASSWORD)
        user.groups.add(Group.objects.get_or_create(name=Role.SUPPORT_AGENT.value)[0])
        return int(user.pk)

    def identity(user_id: int) -> Identity:
        found = DjangoIdentityDirectory().get(user_id)
        assert found is not None
        return found

    world = World(c, clock, DjangoSecurityEventStore(), MfaStepUp(c.mfa), person, identity, lambda _uid: lambda: "")
    world.enrol = mfa_enrol(c, clock, world.principal)
    return world


@pytest.fixture(params=["memory", "django"])
def world(request: pytest.FixtureRequest) -> Iterator[World]:
    yield memory_world(fake_step_up=False) if request.param == "memory" else django_world()


# -- RoleWatch ---------------------------------------------------------------------------------------------------
def test_every_change_of_roles_raises_a_security_event_in_the_changes_unit_of_work(world: World) -> None:
    watch: RoleWatch = world.c.detector
    ana, admin = world.person("ana"), world.principal(world.person("sally"))
    before = world.role_events(ana)  # Django's signals report the agent role `person` gave (see below)
    with world.c.uow:
        watch.roles_changed(ana, ["support_agent"], ["support_agent", "support_admin"], admin, "staff_api")
        world.c.uow.commit()
    with world.c.uow:
        watch.roles_changed(ana, ["support_admin"], ["support_admin", "superuser"], None, "admin")
        watch.roles_changed(ana, ["staff"], ["staff"], None, "admin")  # nothing changed: nothing raised
        world.c.uow.commit()
    with world.c.uow:
        watch.roles_changed(ana, ["support_admin"], [], admin, "staff_api")  # not committed: nothing raised
    assert sorted([e for e in world.role_events(ana) if e not in before], key=lambda e: e[0].value) == [
        (Severity.CRITICAL, ["superuser"], [], "admin"),  # a superuser grant is critical
        (Severity.HIGH, ["support_admin"], [], "staff_api"),
    ]


def test_django_role_signals_report_admin_changes_into_the_detector() -> None:
    """The Django adapter of RoleWatch's reports: a group or flag changed outside the product's use cases."""
    from django.contrib.auth.models import Group, User

    from adapters.orm.security.repository import DjangoSecurityEventStore
    from entrypoints.bootstrap import connect_role_signals

    connect_role_signals()  # once per process (dispatch_uid): the CLI app's ready() connects it too
    user = User.objects.create_user("ana", "ana@example.com")
    store = DjangoSecurityEventStore()

    def events() -> list[tuple[Severity, list[str], list[str]]]:
        page = store.search(EventFilter(user_id=user.pk, event_type="role_changed"), PageRequest())
        return sorted((e.severity, list(e.facts["granted"]), list(e.facts["revoked"])) for e in page.items)

    assert events() == []
    user.groups.add(Group.objects.get_or_create(name=Role.SUPPORT_ADMIN.value)[0])
    user.is_superuser = True
    user.save()
    user.first_name = "Ana"
    user.save(update_fields=["first_name"])  # not a privilege: nothing reported
    assert events() == [
        (Severity.CRITICAL, ["superuser"], []),
        (Severity.HIGH, [Role.SUPPORT_ADMIN.value], []),
    ]


# -- SecondFactor ------------------------------------------------------------------------------------------------
def test_without_mfa_the_password_alone_signs_in(world: World) -> None:
    factor: SecondFactor = world.c.mfa
    ana = world.person("ana")
    assert factor.state(world.identity(ana)) is FactorState.NONE
    assert isinstance(world.c.auth.login("ana", PASSWORD, META), IssuedToken)


def test_with_mfa_the_password_answers_a_challenge_a_current_code_completes_once(world: World) -> None:
    factor: SecondFactor = world.c.mfa
    ana = world.person("ana")
    code = world.enrol(ana)
    assert factor.state(world.identity(ana)) is FactorState.ENROLLED
    answer = world.c.auth.login("ana", PASSWORD, META)
    assert isinstance(answer, MfaChallenge) and answer.expires_at > world.clock.now()
    with pytest.raises(NotAuthenticated):
        factor.complete(answer.challenge, "000000", None, META)  # a wrong code
    current = code()
    assert factor.complete(answer.challenge, current, None, META) == (ana, "ana")
    with pytest.raises(NotAuthenticated):
        factor.complete(answer.challenge, current, None, META)  # the challenge is used up
    again = factor.challenge(world.identity(ana), "ana", META)
    with pytest.raises(NotAuthenticated):
        factor.complete(again.challenge, current, None, META)  # so is the code
    assert factor.complete(again.challenge, code(), None, META) == (ana, "ana")


# -- StepUp ------------------------------------------------------------------------------------------------------
@pytest.fixture(params=["fake", "memory", "django"])
def stepping(request: pytest.FixtureRequest) -> World:
    if request.param == "django":
        return django_world()
    return memory_world(fake_step_up=request.param == "fake")


def test_step_up_is_for_the_enrolled_and_a_current_code_verifies_once(stepping: World) -> None:
    ana, bo = stepping.person("ana"), stepping.person("bo")
    assert not stepping.step_up.enrolled(ana)
    code = stepping.enrol(ana)
    assert stepping.step_up.enrolled(ana) and not stepping.step_up.enrolled(bo)
    who = stepping.principal(ana)
    assert not stepping.step_up.verify(who, "not-a-code")  # a wrong code (the MFA service then delays a moment)
    current = code()
    assert stepping.step_up.verify(who, current)
    assert not stepping.step_up.verify(who, current)  # used up
    assert stepping.step_up.verify(who, code())
