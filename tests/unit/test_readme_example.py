"""Runs the harness example from README.md, so the README cannot drift from the code."""

import re
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_harness_example_runs() -> None:
    text = README.read_text()
    section = text.split("## Developing with the in-memory harness", 1)[1]
    (block,) = re.findall(r"```python\n(.*?)```", section.split("\n## ", 1)[0], flags=re.S)
    assert "build_test_container" in block
    exec(compile(block, "README.md", "exec"), {})  # noqa: S102
