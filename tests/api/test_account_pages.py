"""The pages the unblock and password reset e-mails link to: served, under the HTML policy with no inline script,
never cached, and their script and stylesheet served from this origin (their journeys run in the browser:
console/e2e/tests/account-pages.spec.ts)."""

from __future__ import annotations

import re

import pytest
from django.test import Client


@pytest.mark.parametrize(("path", "title"), [("/unblock-login", "Unblock your sign-in"), ("/reset-password", "new")])
def test_the_linked_pages_are_served_without_inline_script(client: Client, path: str, title: str) -> None:
    page = client.get(f"{path}?token=abc")
    assert page.status_code == 200
    html = page.content.decode()
    assert title in html and 'lang="en"' in html
    assert "script-src 'self'" in page["Content-Security-Policy"]
    assert "unsafe-inline" not in page["Content-Security-Policy"].split("script-src")[1].split(";")[0]
    assert page["Referrer-Policy"] == "no-referrer" and page["Cache-Control"] == "no-store"
    assert re.findall(r"<script[^>]*>", html) == ['<script src="/account/account.js" defer>']
    assert client.post(path).status_code == 405


def test_the_assets_are_served_and_nothing_else(client: Client) -> None:
    script = client.get("/account/account.js")
    assert script.status_code == 200 and script["Content-Type"].startswith("text/javascript")
    assert b"/api/auth/password-reset/confirm" in script.content
    assert client.get("/account/account.css")["Content-Type"].startswith("text/css")
    assert client.get("/account/views.py").status_code == 404
    assert client.get("/account/..%2Fviews.py").status_code == 404
