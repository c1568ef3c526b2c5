"""The pages the account e-mails link to: /unblock-login (the sign-in throttle's one-time link) and /reset-password
(the password reset link). Plain HTML, one stylesheet and one script served from here (no inline script: the HTML
policy of entrypoints.api.security_headers applies), calling the public API endpoints that exist for them. The
token stays in the page: no referrer is sent, and the script takes it out of the address bar."""

from __future__ import annotations

from pathlib import Path

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

_HERE = Path(__file__).resolve().parent
_FILES = {name: (_HERE / name).read_text(encoding="utf-8") for name in ("unblock.html", "reset.html")}
_ASSETS = {
    "account.js": ("text/javascript; charset=utf-8", (_HERE / "account.js").read_text(encoding="utf-8")),
    "account.css": ("text/css; charset=utf-8", (_HERE / "account.css").read_text(encoding="utf-8")),
}


def _page(name: str) -> HttpResponse:
    response = HttpResponse(_FILES[name], content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"  # the token is in the address: never pass it on
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
def unblock_login_page(request: HttpRequest) -> HttpResponse:
    return _page("unblock.html")


@require_safe
def reset_password_page(request: HttpRequest) -> HttpResponse:
    return _page("reset.html")


@require_safe
def account_asset(request: HttpRequest, name: str) -> HttpResponse:
    found = _ASSETS.get(name)
    if found is None:
        return HttpResponse("Not found.", status=404, content_type="text/plain; charset=utf-8")
    response = HttpResponse(found[1], content_type=found[0])
    response["Cache-Control"] = "public, max-age=300"
    response["X-Content-Type-Options"] = "nosniff"
    return response
