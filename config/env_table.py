"""README's environment table, rendered from .env.example (the one list): `python -m config.env_table` rewrites
the table between README's markers; tests/unit/test_env_example.py fails when the two differ."""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
START, END = "<!-- env-table:start -->", "<!-- env-table:end -->"
SECTION = re.compile(r"^# -{2,} (.+?) -+$")
VARIABLE = re.compile(r"^(#?)([A-Z][A-Z0-9_]*)=(.*)$")


def render(template: str) -> str:
    """One table per section of the template: each variable, the value its line shows, and its comment (a variable
    listed right under another shares that one's comment)."""
    out: list[str] = []
    notes: list[str] = []
    previous = ""
    for line in template.splitlines():
        if section := SECTION.match(line):
            out += ["", f"**{section.group(1)}**", "", "| Variable | Value shown | Meaning |", "| --- | --- | --- |"]
            notes, previous = [], ""
        elif variable := VARIABLE.match(line):
            commented, name, value = variable.groups()
            meaning = " ".join(notes) if notes else (f"See `{previous}` above." if previous else "")
            shown = f"`{value}`" if value else ("(unset)" if commented else "(fill in)")
            out.append("| `{}` | {} | {} |".format(name, shown, meaning.replace("|", "\\|")))
            previous = name if notes else previous
            notes = []
        elif line.startswith("#") and not line.startswith("#!") and out:
            notes.append(line[1:].strip())
        elif not line.strip():
            notes = []
    return "\n".join(out).strip() + "\n"


def rewrite(readme: str, table: str) -> str:
    head, rest = readme.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{table}{END}{tail}"


if __name__ == "__main__":
    path = ROOT / "README.md"
    updated = rewrite(path.read_text(), render((ROOT / ".env.example").read_text()))
    path.write_text(updated)
    sys.stdout.write("README.md: environment table rewritten from .env.example\n")
