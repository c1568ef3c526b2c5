"""Every curl block of the guides (README.md and docs/*.md) against the product as `make run` starts it, so a guide
cannot drift from the API again.

The blocks of one guide run in order in one bash, so what a block defines ($TOKEN, $ADMIN, $OP...) the next one
uses. Before them the runner defines what the guides take as given: `API` (the server), `TOKEN` (a platform
admin's), and the guides' `localhost:8000` (and the example production host) point at the test server; a password
written as `...`, `…` or `<printed password>` is the demo password. Of each block only the curl commands and the
variable assignments run (a `python manage.py ...` beside them is another tool's job). Every curl must answer the
status its guide implies: the one a comment right after it names (`# 403 {...}`, `# 202, Location: ...`), else 2xx.
A stream (`curl -N`) is read for two seconds."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.support.live import ROOT, LiveServer

pytestmark = pytest.mark.server
PASSWORD = "guide-run-password-1"
GUIDES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"```bash\n(.*?)```", re.S)
CSV = re.compile(r"\(`([\w.-]+\.csv)`\):?\n+```csv\n(.*?)```", re.S)
PLACEHOLDER_PASSWORD = re.compile(r'("password":\s*")(?:\.\.\.|…|<printed password>)(")')
HOSTS = re.compile(r"https://support\.example\.com|http://localhost:8000|localhost:8000")
EXPECTED = re.compile(r"^#\s*(\d{3})\b")
PRELUDE = r"""
curl() {
  local extra=() headers
  headers=$(mktemp)
  for arg in "$@"; do [ "$arg" = "-N" ] && extra=(--max-time 2); done
  command curl "${extra[@]}" -D "$headers" "$@"
  local rc=$?
  if [ "$rc" -ne 0 ] && ! { [ "${#extra[@]}" -gt 0 ] && [ "$rc" -eq 28 ]; }; then echo "curl-exit $rc" >> "$STATUSES"; fi
  awk 'NR == 1 {print "status " $2}' "$headers" >> "$STATUSES"
  rm -f "$headers"
  return 0
}
"""


@dataclass
class Command:
    text: str
    expected: int | None  # None: any 2xx


def commands(block: str) -> list[Command]:
    """The block's logical lines (backslash continuations and quoted arguments joined) that run: curls and assignments; each curl with
    the status the comment right after it names."""
    lines, found, current = block.splitlines(), [], ""
    for i, raw in enumerate(lines):
        continued = raw.rstrip().endswith("\\")
        current += raw.rstrip().removesuffix("\\") + " " if continued else raw + "\n"
        if continued or current.count("'") % 2:  # a continuation, or inside a quoted argument
            continue
        text, current = current.strip(), ""
        if not text or text.startswith("#"):
            continue
        if "curl " in text:
            following = lines[i + 1].strip() if i + 1 < len(lines) else ""
            status = EXPECTED.match(following)
            found.append(Command(text, int(status[1]) if status else None))
        elif re.match(r"^[A-Z_]+=", text):
            found.append(Command(text, -1))
    return found


def script_of(guide: Path) -> tuple[str, list[Command]]:
    source = PLACEHOLDER_PASSWORD.sub(rf"\g<1>{PASSWORD}\g<2>", guide.read_text())
    every = [c for block in BLOCK.findall(source) if "curl " in block for c in commands(block)]
    return "\n".join(c.text for c in every), [c for c in every if c.expected != -1]


@pytest.fixture(scope="module")
def product(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    if os.environ.get("DATABASE_URL"):
        pytest.skip("the server it starts is on SQLite either way; it ran in the SQLite pass")
    if not shutil.which("jq"):
        pytest.skip("the guides use jq")
    server = LiveServer(
        tmp_path_factory.mktemp("product"),
        command=[sys.executable, "manage.py", "serve"],
        env={"DEMO_PASSWORD": PASSWORD, "DEMO_USERS": "20", "HUEY_IMMEDIATE": "false"},  # as `make run`
        log_path=tmp_path_factory.mktemp("log") / "serve.log",
    )
    try:
        yield server.start(timeout=420)  # seeding and the first rollups take a minute or two
    finally:
        server.stop()


def run_guide(guide: Path, url: str, workdir: Path) -> list[str]:
    """Runs the guide's curls; the problems found (empty when every curl answered as the guide says)."""
    script, curls = script_of(guide)
    if not curls:
        return []
    login = httpx.post(f"{url}/api/auth/login", json={"username": "demo_platform_admin", "password": PASSWORD})
    for name, text in CSV.findall(guide.read_text()):
        (workdir / name).write_text(text)
    statuses = workdir / "statuses"
    statuses.write_text("")
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(workdir),
        "API": url,
        "TOKEN": login.json()["token"],
        "STATUSES": str(statuses),
    }
    body = HOSTS.sub(url, script)
    done = subprocess.run(
        ["bash", "-c", PRELUDE + body], cwd=workdir, env=env, capture_output=True, text=True, timeout=120
    )
    answered = statuses.read_text().split("\n")
    problems = [f"{guide.name}: {line}" for line in answered if line.startswith("curl-exit")]
    codes = [int(line.split()[1]) for line in answered if line.startswith("status ") and line.split()[1:]]
    if len(codes) != len(curls):
        problems.append(f"{guide.name}: {len(curls)} curls, {len(codes)} answers\n{done.stderr[-2000:]}")
    for command, code in zip(curls, codes, strict=False):
        fine = code == command.expected if command.expected else 200 <= code < 300
        if not fine:
            problems.append(f"{guide.name}: {code} (expected {command.expected or '2xx'}) for {command.text[:160]}")
    return problems


def test_every_curl_of_the_guides_answers_as_its_guide_says(product: LiveServer, tmp_path: Path) -> None:
    problems = []
    ran = 0
    for guide in GUIDES:
        workdir = tmp_path / guide.stem
        workdir.mkdir()
        problems += run_guide(guide, product.url, workdir)
        ran += len(script_of(guide)[1])
    assert ran >= 20, "the guides hold fewer curls than expected: is the block syntax still ```bash?"
    assert not problems, "\n".join(problems)
