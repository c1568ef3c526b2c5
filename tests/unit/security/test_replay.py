"""The measured accuracy on a small replay: the figures are computed, the targets asserted from them."""

from __future__ import annotations

from adapters.memory.security import InMemoryLoginHistory
from adapters.user_agents import UaParserDevices
from entrypoints.cli.security_replay.run import measure
from entrypoints.cli.security_replay.score import RULES
from entrypoints.cli.security_replay.traffic import week


def test_300_users_recall_100_percent_and_false_positives_at_most_1_percent() -> None:
    report, facts = measure(300, 7, InMemoryLoginHistory(), UaParserDevices().family)
    assert facts > 1000
    assert [r.rule for r in report.rules] == list(RULES)
    assert all(r.injected >= 3 for r in report.rules)  # every kind of attack is injected
    assert all(r.recall == 1.0 for r in report.rules), [(r.rule, r.recall) for r in report.rules]
    assert report.recall == 1.0
    assert report.alerted_share <= 0.01, (report.normal_alerted, report.normal_users)
    assert report.normal_any > 0  # new devices and networks on normal users are counted, not hidden


def test_a_seed_replays_the_same_week() -> None:
    one, two, other = week(200, 3), week(200, 3), week(200, 4)
    assert one.facts == two.facts and one.attacks == two.attacks
    assert one.facts != other.facts
