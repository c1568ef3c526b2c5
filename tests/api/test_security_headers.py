"""Every response carries a Content-Security-Policy: the API's JSON forbids everything, the HTML pages (Swagger at
/api/docs, the Django admin) load only this origin's scripts; a policy a view set itself is left as it is."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse

from entrypoints.api.security_headers import ContentSecurityPolicyMiddleware

from .conftest import Api

pytestmark = pytest.mark.django_db
API_POLICY = "default-src 'none'; frame-ancestors 'none'"


@pytest.mark.parametrize(
    "path", ["/api/health", "/api/openapi.json", "/api/users/profiles/", "/api/nowhere", "/api/auth/me"]
)
def test_api_responses_forbid_everything(api: Api, path: str) -> None:
    response = api.call("GET", path)
    assert response["Content-Security-Policy"] == API_POLICY, (path, response.status_code)


def test_html_pages_load_only_this_origin_s_scripts(api: Api, settings: Any) -> None:
    settings.API_DOCS_PUBLIC = True
    for path in ("/api/docs", "/admin/login/"):
        response = api.call("GET", path)
        assert response.status_code == 200 and response["Content-Type"].startswith("text/html"), path
        policy = dict(p.strip().split(" ", 1) for p in response["Content-Security-Policy"].split(";"))
        assert policy["script-src"] == "'self'" and "unsafe" not in policy["script-src"], path
        assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
        assert "<script>" not in response.content.decode()  # Swagger's scripts are files: no inline script


def test_a_policy_a_view_set_is_kept() -> None:
    def view(request: HttpRequest) -> HttpResponse:
        response = HttpResponse("<html></html>", content_type="text/html")
        response["Content-Security-Policy"] = "default-src 'self'; script-src 'self' 'nonce-abc'"
        return response

    response = ContentSecurityPolicyMiddleware(view)(HttpRequest())
    assert response["Content-Security-Policy"] == "default-src 'self'; script-src 'self' 'nonce-abc'"
