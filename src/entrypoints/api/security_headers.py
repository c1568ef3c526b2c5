"""One Content-Security-Policy on every response. JSON and everything else the API sends may load nothing and be
framed by nobody. HTML pages (Swagger at /api/docs, the Django admin) load scripts, styles, images and fonts from
this origin only: Swagger's scripts are files served by this app (no CDN, no inline script; its settings are a
JSON data block, which CSP does not run), and inline styles are allowed because Swagger UI and the admin set
`style` attributes. A view that set its own policy (the console's pages, with their own) keeps it."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

HEADER = "Content-Security-Policy"
API_POLICY = "default-src 'none'; frame-ancestors 'none'"
HTML_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def policy_for(content_type: str) -> str:
    return HTML_POLICY if content_type.split(";", 1)[0].strip().lower() == "text/html" else API_POLICY


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if HEADER not in response:
            response[HEADER] = policy_for(response.get("Content-Type", ""))
        return response
