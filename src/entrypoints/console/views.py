"""The console's page: console/dist/index.html for /console/ and every deep link under it (the app routes in the
browser), never cached, under the console's own Content-Security-Policy; a page saying how to build it when there is
no build."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.utils.cache import patch_cache_control
from django.utils.http import quote_etag
from django.views.decorators.http import require_safe

# No inline script (the build emits none); inline styles are Mantine's runtime style tags.
CONSOLE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; "
    "object-src 'none'"
)

NOT_BUILT = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Staff console: not built yet</title>
<style>body{font-family:system-ui,sans-serif;max-width:42rem;margin:3rem auto;padding:0 1rem;line-height:1.5}
code{background:#eee;padding:.1rem .3rem;border-radius:3px}</style></head>
<body>
<h1>The staff console is not built yet</h1>
<p>This server has no <code>console/dist/</code>. The console needs Node.js 20 or newer to build:</p>
<ul>
<li><code>make run</code> builds it before starting when Node.js 20+ is installed (then reload this page), or</li>
<li><code>cd console &amp;&amp; npm ci &amp;&amp; npx vite build</code>, or</li>
<li><code>make console-dev</code> for Vite's development server with live reload.</li>
</ul>
<p>Node.js: <a href="https://nodejs.org/en/download">nodejs.org/en/download</a>. The API works meanwhile:
<a href="/api/docs">/api/docs</a>.</p>
</body>
</html>
"""


def _index() -> Path:
    return Path(settings.CONSOLE_DIST) / "index.html"


def _console_headers(response: HttpResponse) -> HttpResponse:
    response["Content-Security-Policy"] = CONSOLE_CSP
    response["X-Content-Type-Options"] = "nosniff"
    response["Referrer-Policy"] = "same-origin"
    return response


@require_safe
def console_page(request: HttpRequest, path: str = "") -> HttpResponse:
    """index.html for any console route; 404 for a missing asset (never the page in its place)."""
    if path.startswith("assets/"):
        return _console_headers(HttpResponseNotFound("Not found.", content_type="text/plain; charset=utf-8"))
    try:
        page = _index().read_bytes()
    except FileNotFoundError:
        response = HttpResponse(NOT_BUILT, content_type="text/html; charset=utf-8")
        patch_cache_control(response, no_store=True)
        return _console_headers(response)
    etag = quote_etag(hashlib.sha256(page).hexdigest()[:32])
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(page, content_type="text/html; charset=utf-8")
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache"  # always revalidated: a new build is picked up at once
    return _console_headers(response)
