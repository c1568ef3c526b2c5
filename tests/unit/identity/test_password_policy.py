"""The password policy, one rule at a time (NIST SP 800-63B-4)."""

from __future__ import annotations

import pytest

from adapters.passwords import FileBlocklist, default_blocklist
from domain.identity.password_policy import Holder, PasswordPolicy, Reason, normalise
from domain.shared.errors import Unprocessable
from domain.shared.permissions import Role
from domain.shared.principal import SYSTEM
from entrypoints.harness import TestContainer


class Listed:
    def __init__(self, *entries: str) -> None:
        self.entries = set(entries)

    def contains(self, folded: str) -> bool:
        return folded in self.entries

    def size(self) -> int:
        return len(self.entries)


POLICY = PasswordPolicy()
NOBODY = Holder("zq")
EMPTY = Listed()


def wide(text: str) -> str:
    """The same letters, full-width (NFKC folds them back)."""
    return "".join(chr(ord(c) + 0xFEE0) for c in text)


def problems(password: str, holder: Holder = NOBODY, blocklist: Listed = EMPTY) -> list[Reason]:
    return POLICY.problems(password, holder, blocklist)


def test_fifteen_characters_without_mfa_eight_with() -> None:
    assert problems("a" * 14) == [Reason.TOO_SHORT]
    assert problems("a" * 15) == []
    assert problems("a" * 7, Holder("zq", has_mfa=True)) == [Reason.TOO_SHORT]
    assert problems("a" * 8, Holder("zq", has_mfa=True)) == []


def test_at_most_128_characters() -> None:
    assert problems("a" * 128) == []
    assert problems("a" * 129) == [Reason.TOO_LONG]
    assert problems("a" * 100_000) == [Reason.TOO_LONG]


def test_no_composition_rules_any_unicode() -> None:
    for password in (
        "all lower case words",
        "123456789012345678",
        "пароль из слов тут",
        "🐢🐢🐢🐢🐢🐢🐢🐢🐢🐢🐢🐢🐢🐢🐢",
    ):
        assert problems(password) == [], password


def test_length_counts_characters_after_nfkc() -> None:
    assert normalise(wide("full")) == "full" and normalise("e\u0301") == "é"
    assert problems("e\u0301" * 14) == [Reason.TOO_SHORT]  # 28 code points typed, 14 characters
    assert problems("ﬁ" * 8) == []  # each ligature is two letters once normalised


def test_blocklisted_passwords_are_refused_whatever_their_case_or_width() -> None:
    listed = Listed("correcthorsebatterystaple")
    assert problems("CorrectHorseBatteryStaple", blocklist=listed) == [Reason.COMMON]
    assert problems(wide("correct") + "horsebatterystaple", blocklist=listed) == [Reason.COMMON]
    assert problems("correcthorsebatterystaples", blocklist=listed) == []


def test_the_person_s_username_email_and_name_are_refused_in_any_case() -> None:
    holder = Holder("marie.curie", "mcurie77@lab.example", "Marie Skłodowska")
    for password in ("my name is MARIE ok!", "skłodowska-rules-all", "i am mcurie77 yes", "curie-is-my-hero-1"):
        assert problems(password, holder) == [Reason.CONTAINS_PERSONAL_INFO], password
    short = Holder("al", "al@x.example", "Al Bo")  # parts under 4 characters are not checked
    assert problems("al and bo walk along", short) == []


def test_django_s_list_loads_once_and_refuses_its_entries() -> None:
    blocklist = default_blocklist()
    assert blocklist.size() > 19_000 and blocklist.contains("password") and not blocklist.contains("zq" * 9)
    assert PasswordPolicy(min_length=8).problems("Password1", NOBODY, blocklist) == [Reason.COMMON]


def test_a_bigger_list_replaces_django_s(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "breached.txt"
    path.write_text("a long breached passphrase\nANOTHER ONE HERE 123\n")
    blocklist = FileBlocklist(path)
    assert blocklist.size() == 2
    assert problems("A Long Breached Passphrase", blocklist=blocklist) == [Reason.COMMON]  # type: ignore[arg-type]
    assert problems("password-is-not-listed-here", blocklist=blocklist) == []  # type: ignore[arg-type]


def test_the_policy_describes_itself() -> None:
    described = POLICY.describe(20_000)
    assert described["min_length"] == 15 and described["min_length_with_mfa"] == 8
    assert described["max_length"] == 128 and described["blocklist_size"] == 20_000 and described["history"] == 5
    with pytest.raises(ValueError):
        PasswordPolicy(min_length=8, min_length_with_mfa=9)


def test_staff_creation_applies_it_and_audits_the_refusal(harness: TestContainer) -> None:
    with pytest.raises(Unprocessable) as refused:
        harness.staff.create_staff(SYSTEM, "newbie", "n@example.com", "newbie-secret-pass", Role.SUPPORT_AGENT)
    assert refused.value.code == "weak_password"
    assert refused.value.details == {"reasons": ["contains_personal_info"]}
    entry = harness.audit_log.entries[-1].record
    assert entry.action == "auth.password_refused" and "newbie-secret-pass" not in str(entry.details)
    created = harness.staff.create_staff(SYSTEM, "newbie", "", wide("wide") + " staff passphrase", Role.SUPPORT_AGENT)
    assert harness.auth.login("newbie", "wide staff passphrase").identity == created  # NFKC at login too
    assert harness.auth.login("newbie", wide("wide") + " staff passphrase").identity == created
