""".env.example is the one list of environment variables: every one the code reads is in it, with its meaning, and
every one in it is read somewhere. A new setting without a line there fails here."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / ".env.example"
# os.environ.get("X"), os.environ["X"], os.environ.setdefault("X", ...), env_bool("X", ...), env_list("X", ...)
READ = re.compile(r"""(?:os\.environ(?:\.get|\.setdefault)?[\[(]|env_bool\(|env_list\()\s*["']([A-Z][A-Z0-9_]*)["']""")
LINE = re.compile(r"^#?([A-Z][A-Z0-9_]*)=", re.MULTILINE)
# read by something other than our Python: uvicorn, compose.yaml
READ_ELSEWHERE = {
    "FORWARDED_ALLOW_IPS": "uvicorn",
    "POSTGRES_PASSWORD": "compose.yaml",
    "E2E_BASE_URL": "console/e2e (Playwright)",
    "E2E_PASSWORD": "console/e2e (Playwright)",
    "E2E_WORKERS": "console/e2e (Playwright)",
}


def names_read(*places: str) -> set[str]:
    found: set[str] = set()
    for place in places:
        paths = [ROOT / place] if place.endswith(".py") else (ROOT / place).rglob("*.py")
        for path in paths:
            found |= set(READ.findall(path.read_text()))
    return found


def test_every_variable_the_code_reads_is_in_the_template() -> None:
    listed = set(LINE.findall(TEMPLATE.read_text()))
    read = names_read("config", "src", "bench", "tests/conftest.py", "manage.py")
    read -= {"AGENT_PASSWORD"}  # bench/load.py hands it to its own child process
    assert {"SECRET_KEY", "DATABASE_URL", "AUDIT_CHAIN_KEY", "STAFF_PASSWORD", "CI"} <= read  # the scan works
    assert sorted(read - listed) == []
    assert sorted(listed - read - set(READ_ELSEWHERE)) == []


def test_compose_reads_the_template_s_copy() -> None:
    compose = (ROOT / "compose.yaml").read_text()
    assert "env_file: .env" in compose and "cp .env.example .env" in compose
    for name in ("SECRET_KEY", "AUDIT_CHAIN_KEY", "POSTGRES_PASSWORD", "ALLOWED_HOSTS"):
        assert re.search(rf"^{name}=", TEMPLATE.read_text(), re.MULTILINE), f"{name} must be filled in, not commented"


def test_the_readme_table_is_rendered_from_the_template() -> None:
    from config.env_table import END, START, render

    readme = (ROOT / "README.md").read_text()
    table = readme.split(START, 1)[1].split(END, 1)[0].strip()
    assert table == render(TEMPLATE.read_text()).strip(), "run: python -m config.env_table"
    assert set(LINE.findall(TEMPLATE.read_text())) <= set(re.findall(r"^\| `([A-Z][A-Z0-9_]*)` \|", table, re.M))
