"""Run-time policies' rules: field problems, what weakens security, the values in force and how fresh they are."""

from __future__ import annotations

from datetime import timedelta

from adapters.memory.policies import DEFAULTS, InMemoryPolicyStore
from domain.policies.model import NETWORK, PASSWORD, RETENTION_CLASSES, weakens
from domain.policies.reader import PolicyReader
from domain.privacy.model import DataClass
from domain.shared.clock import FixedClock

GOOD = {"min_length": 15, "min_length_with_mfa": 8, "history": 5}


def test_a_valid_group_has_no_problems() -> None:
    assert PASSWORD.problems(GOOD) == {}
    assert NETWORK.problems({"overall": ["10.0.0.0/8", "2001:db8::/32"], "by_role": {"service": ["10.9.0.0/24"]}}) == {}


def test_each_field_names_its_problem() -> None:
    problems = PASSWORD.problems({"min_length": 4, "min_length_with_mfa": True, "extra": 1})
    assert problems == {
        "extra": "not a field of this group",
        "min_length": "a whole number from 8 to 128",
        "min_length_with_mfa": "a whole number from 8 to 128",
        "history": "required",
    }
    assert PASSWORD.problems({**GOOD, "min_length_with_mfa": 20}) == {"min_length_with_mfa": "at most min_length"}
    bad = NETWORK.problems({"overall": ["10.0.0.1/8"], "by_role": {"learner": ["10.0.0.0/8"]}})
    assert set(bad) == {"overall", "by_role"} and "host bits" in bad["overall"] and "learner" in bad["by_role"]
    spaced = NETWORK.problems({"overall": [" 10.0.0.0/8"], "by_role": {"service": [10]}})
    assert spaced == {
        "overall": "each block is a string without surrounding spaces",
        "by_role": "service: each block is a string without surrounding spaces",
    }
    assert NETWORK.problems({"overall": "10.0.0.0/8", "by_role": []}) == {
        "overall": "a list of at most 200 CIDR blocks",
        "by_role": "an object of staff role to a list of CIDR blocks",
    }


def test_weakening_is_shorter_passwords_less_history_or_wider_networks() -> None:
    assert weakens("password", GOOD, {**GOOD, "min_length": 12})
    assert weakens("password", GOOD, {**GOOD, "history": 0})
    assert not weakens("password", GOOD, {**GOOD, "min_length": 20})
    narrow = {"overall": ["10.1.0.0/16"], "by_role": {}}
    assert weakens("network", narrow, {"overall": ["10.0.0.0/8"], "by_role": {}})
    assert weakens("network", narrow, {"overall": [], "by_role": {}})  # no list: no limit
    assert not weakens("network", narrow, {"overall": ["10.1.2.0/24"], "by_role": {}})
    assert not weakens("network", {"overall": [], "by_role": {}}, narrow)
    by_role = {"overall": [], "by_role": {"service": ["10.9.0.0/24"]}}
    assert weakens("network", by_role, {"overall": [], "by_role": {"service": ["10.9.0.0/16"]}})


def test_the_override_is_merged_over_the_defaults_and_each_process_sees_it_within_max_age() -> None:
    store, clock = InMemoryPolicyStore(), FixedClock()
    web = PolicyReader(store, lambda: DEFAULTS, clock, timedelta(seconds=2))
    worker = PolicyReader(store, lambda: DEFAULTS, clock, timedelta(seconds=2))  # another process, one database
    assert web.current("password") == GOOD and worker.current("password") == GOOD
    store.put("password", {**GOOD, "min_length": 20}, 0, "root", clock.now())
    web.forget()  # the process that wrote it drops its copy at once
    assert web.current("password")["min_length"] == 20
    clock.advance(seconds=1.9)
    assert worker.current("password")["min_length"] == 15  # its copy is not two seconds old yet
    clock.advance(seconds=0.1)
    assert worker.current("password")["min_length"] == 20
    store.put("password", {}, 1, "root", clock.now())  # back to the defaults
    clock.advance(seconds=2)
    assert worker.current("password") == GOOD


def test_a_clock_set_back_reads_again() -> None:
    store, clock = InMemoryPolicyStore(), FixedClock()
    reader = PolicyReader(store, lambda: DEFAULTS, clock, timedelta(seconds=2))
    reader.current("network")
    store.put("network", {"overall": ["10.0.0.0/8"], "by_role": {}}, 0, "root", clock.now())
    clock.advance(seconds=-5)
    assert reader.current("network")["overall"] == ["10.0.0.0/8"]


def test_the_retention_group_names_every_data_class_of_privacy() -> None:
    assert tuple(c.value for c in DataClass) == RETENTION_CLASSES


def test_higher_thresholds_fewer_mfa_roles_and_longer_retention_weaken() -> None:
    login = {"free_failures": 5, "account_max_failures": 100, "ip_accounts": 10}
    assert weakens("login_protection", login, {**login, "account_max_failures": 200})
    assert not weakens("login_protection", login, {**login, "free_failures": 3})
    assert weakens("approvals", {"bulk_threshold": 10}, {"bulk_threshold": 11})
    assert weakens("mfa", {"required_roles": ["platform_admin"]}, {"required_roles": []})
    assert not weakens("mfa", {"required_roles": []}, {"required_roles": ["support_agent"]})
    assert weakens("retention", {"activity": 30}, {"activity": 31})
