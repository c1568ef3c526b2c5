"""The README and docs/ stand alone: every relative link points at a file in this repository, nothing points
outside it, and the README links every document in docs/."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS = sorted((ROOT / "docs").glob("*.md"))
LINK = re.compile(r"\]\(([^)\s]+)\)")


def test_links_stay_inside_the_repository_and_resolve() -> None:
    for page in [ROOT / "README.md", *DOCS]:
        text = page.read_text()
        assert "../" not in text and "/work/" not in text, f"{page.name} points outside the repository"
        for target in LINK.findall(text):
            if re.match(r"^[a-z]+:", target) or target.startswith("#"):
                continue
            path = (page.parent / target.split("#", 1)[0]).resolve()
            assert path.is_relative_to(ROOT), f"{page.name}: {target} is outside the repository"
            assert path.exists(), f"{page.name}: {target} does not exist"


def test_the_readme_links_every_document() -> None:
    linked = {(ROOT / target).resolve() for target in LINK.findall((ROOT / "README.md").read_text())}
    assert [d.name for d in DOCS if d not in linked] == []
