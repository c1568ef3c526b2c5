"""Claims of the guides that code can check: the live-events table of docs/api-guide.md names every channel of
src/domain/shared/channels.py with its permission and event types; troubleshooting says which events need Redis;
the TypeScript client README calls nothing missing that the client has."""

from __future__ import annotations

import re
from pathlib import Path

from domain.shared import channels
from domain.shared.channels import permission_for_channel
from tests.unit.shared.test_event_shapes import PINNED

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "api-guide.md"
EXAMPLE_ID = {"user-<id>": "user-7", "ticket-<id>": "ticket-42", "bulk-<id>": "bulk-9"}


def table() -> dict[str, tuple[str, str]]:
    rows = {}
    section = GUIDE.read_text().split("## Events and channels", 1)[1].split("\n## ", 1)[0]
    for line in section.splitlines():
        found = re.match(r"\| `([a-z<>-]+)` \| `([a-z_.]+)` \| (.*) \|$", line)
        if found:
            rows[found[1]] = (found[2], found[3])
    return rows


def test_every_channel_is_in_the_table_with_its_permission() -> None:
    named = {v for k, v in vars(channels).items() if k.isupper() and isinstance(v, str)}
    rows = table()
    assert named | set(EXAMPLE_ID) == set(rows)
    for name, (permission, _) in rows.items():
        found = permission_for_channel(EXAMPLE_ID.get(name, name))
        assert found is not None and found.value == permission, name


def test_every_event_type_is_listed_on_each_channel_it_is_published_on() -> None:
    rows = table()
    by_example = {EXAMPLE_ID.get(name, name): name for name in rows}
    for event_type, (_, published_on, _) in PINNED.items():
        for channel in published_on:
            assert f"`{event_type}`" in rows[by_example[channel]][1], f"{event_type} on {channel}"


def test_troubleshooting_says_which_live_events_need_redis() -> None:
    """Without REDIS_URL a process publishes only to its own listeners (adapters/eventstream/publisher.py): the
    worker's events reach no stream. The guide must not claim otherwise."""
    guide = (GUIDE.parent / "troubleshooting.md").read_text()
    section = guide.split("## Live events do not arrive", 1)[1].split("\n## ", 1)[0]
    assert "`REDIS_URL` is not set" in section and "never arrive live" in section and "`bulk.progress`" in section
    assert "live events are not affected" not in guide.lower()


def test_the_client_readme_calls_nothing_missing_that_the_client_has() -> None:
    client = GUIDE.parents[1] / "clients" / "typescript"
    source = "\n".join(path.read_text() for path in (client / "src").glob("*.ts") if path.name != "schema.d.ts")
    for line in (client / "README.md").read_text().splitlines():
        name = re.match(r"\| `(\w+)", line)
        if name and "not yet" in line:
            assert f"async {name[1]}(" not in source, f"README says {name[1]} is not there yet; src/ has it"
    assert "async bulkUpdateUsers(" in source
