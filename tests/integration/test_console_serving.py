"""The staff console from the API's origin: index.html for every deep link (never cached, under the console's
Content-Security-Policy), hashed assets cached for a year, `/` sends to the console, and a page saying how to build
the console when there is no build."""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from entrypoints.console.views import CONSOLE_CSP

INDEX = (
    b'<!doctype html><html><head><script type="module" src="/console/assets/index-3f9a1c.js"></script></head></html>'
)
SCRIPT = b"console.log('the console');" * 50


@pytest.fixture
def built(settings: Any, tmp_path: Path) -> Path:
    """A console build: index.html and a hashed asset (with the gzip variant `make run` writes beside it)."""
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_bytes(INDEX)
    (tmp_path / "assets" / "index-3f9a1c.js").write_bytes(SCRIPT)
    (tmp_path / "assets" / "index-3f9a1c.js.gz").write_bytes(gzip.compress(SCRIPT))
    settings.CONSOLE_DIST = tmp_path
    return tmp_path


DEEP_LINKS = [
    "/console/",
    "/console/login",
    "/console/learners",
    "/console/learners/123",
    "/console/learners/123?tab=security",
    "/console/tickets",
    "/console/tickets/TCK-42",
    "/console/knowledge-base",
    "/console/knowledge-base/7",
    "/console/bulk/operations/5",
    "/console/monitoring/errors",
]


@pytest.mark.parametrize("link", DEEP_LINKS)
def test_every_deep_link_answers_the_page_uncached_under_the_consoles_policy(built: Path, link: str) -> None:
    response = Client().get(link)
    assert response.status_code == 200 and response.content == INDEX
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response["Cache-Control"] == "no-cache"
    assert response["Content-Security-Policy"] == CONSOLE_CSP
    assert "script-src 'self';" in CONSOLE_CSP and "unsafe-inline" not in CONSOLE_CSP.split("style-src")[0]


def test_the_page_revalidates_with_its_etag(built: Path) -> None:
    client = Client()
    etag = client.get("/console/learners")["ETag"]
    assert client.get("/console/tickets", HTTP_IF_NONE_MATCH=etag).status_code == 304
    (built / "index.html").write_bytes(INDEX.replace(b"3f9a1c", b"77aa00"))  # a new build
    fresh = client.get("/console/tickets", HTTP_IF_NONE_MATCH=etag)
    assert fresh.status_code == 200 and b"77aa00" in fresh.content


def test_hashed_assets_are_cached_for_a_year(built: Path) -> None:
    response = Client().get("/console/assets/index-3f9a1c.js", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Content-Encoding"] == "gzip"
    assert gzip.decompress(b"".join(response.streaming_content)) == SCRIPT  # type: ignore[attr-defined]


def test_a_missing_asset_is_404_not_the_page(built: Path) -> None:
    response = Client().get("/console/assets/index-000000.js")
    assert response.status_code == 404 and response.content != INDEX


def test_the_root_and_the_bare_path_lead_to_the_console(built: Path) -> None:
    client = Client()
    root = client.get("/")
    assert root.status_code == 302 and root["Location"] == "/console/"
    bare = client.get("/console")
    assert bare.status_code == 301 and bare["Location"] == "/console/"


def test_the_page_only_answers_reads(built: Path) -> None:
    client = Client()
    assert client.post("/console/login").status_code == 405
    head = client.head("/console/learners")
    assert head.status_code == 200 and head["Cache-Control"] == "no-cache"


def test_without_a_build_the_page_says_how_to_build_it(settings: Any, tmp_path: Path) -> None:
    settings.CONSOLE_DIST = tmp_path / "dist"
    response = Client().get("/console/learners")
    assert response.status_code == 200 and "not built yet" in response.content.decode()
    text = response.content.decode()
    assert "Node.js 20" in text and "make run" in text and "/api/docs" in text and "<script" not in text
    assert response["Content-Security-Policy"] == CONSOLE_CSP and "no-store" in response["Cache-Control"]
    assert Client().get("/api/auth/csrf").status_code == 200  # the API works meanwhile
