"""The REST API: one NinjaAPI, one router per module, one error body."""

from __future__ import annotations

import json
from typing import Any

from ninja import NinjaAPI
from ninja.operation import Operation
from pydantic import TypeAdapter

from . import errors
from .accounts.courses import courses_router
from .accounts.router import activity_router, users_router
from .analytics.router import router as analytics_router
from .analytics.router import users_router as analytics_users_router
from .audit.router import router as audit_router
from .auth import AUTH
from .bulk.router import router as bulk_router
from .bulk.schemas import BulkOperationIn, ImportForm
from .docs import staff_docs
from .identity import browser as _browser  # noqa: F401  (adds the browser sign-in to auth_router)
from .identity.router import auth_router, staff_router
from .identity.router import users_router as sessions_users_router
from .impersonation.router import router as impersonation_router
from .knowledge.router import router as kb_router
from .monitoring.router import router as monitoring_router
from .monitoring.router import telemetry_router
from .notifications.router import router as notifications_router
from .parsing import StrictParser
from .policies.router import router as policies_router
from .privacy.router import consents_router, me_router, reports_router
from .privacy.router import router as privacy_router
from .security.router import auth_router as security_auth_router
from .security.router import router as security_router
from .security.router import users_router as security_users_router
from .staff import router as _staff  # noqa: F401  (adds staff administration to staff_router)
from .system.router import router as system_router
from .tickets.router import router as support_router
from .views.router import router as saved_views_router


class Api(NinjaAPI):
    """Names each operation after its view function, in the camelCase an SDK method has (`search_profiles` is
    `searchProfiles`), and marks the public operations `security: []` so generators know they take no token."""

    def get_openapi_operation_id(self, operation: Operation) -> str:
        first, *rest = operation.view_func.__name__.split("_")
        return first + "".join(word.capitalize() for word in rest)

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema["paths"].values():
            for operation in operations.values():
                operation.setdefault("security", [])
                if operation["security"] and 403 not in operation["responses"]:
                    operation["responses"][403] = _IMPERSONATION_REFUSED
        _components(schema, {"BulkOperationIn": BulkOperationIn, "ImportForm": ImportForm})
        _optional_defaults(schema)
        return schema


# Every operation that takes a token answers 403 to an impersonation token it does not admit (entrypoints.api.auth).
_IMPERSONATION_REFUSED = {
    "description": "Forbidden: e.g. an impersonation token on an operation it does not reach",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}},
}


def _components(schema: dict[str, Any], models: dict[str, Any]) -> None:
    """Request bodies a view reads itself (JSON or multipart on one route) still get their schemas documented."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for name, model in models.items():
        found = TypeAdapter(model).json_schema(ref_template="#/components/schemas/{model}")
        components.update(found.pop("$defs", {}))
        components[name] = found


def _optional_defaults(schema: dict[str, Any]) -> None:
    """A request field with a default is one the client may leave out, but generators (openapi-typescript with
    its default options) read `default` as "always present" and make the field required. In request bodies the
    default moves into the description, where people still read it."""
    components = schema.get("components", {}).get("schemas", {})
    seen: set[str] = set()
    pending = [
        content["schema"]
        for operations in schema["paths"].values()
        for operation in operations.values()
        for content in operation.get("requestBody", {}).get("content", {}).values()
    ]
    while pending:
        node = pending.pop()
        if isinstance(node, list):
            pending.extend(node)
        elif isinstance(node, dict):
            ref = node.get("$ref", "")
            name = ref.rsplit("/", 1)[-1]
            if ref and name not in seen:
                seen.add(name)
                pending.append(components.get(name, {}))
            for prop in node.get("properties", {}).values():
                if "default" in prop:
                    default = prop.pop("default")
                    prop["description"] = f"{prop.get('description', '')} (default: {json.dumps(default)})".strip()
            pending.extend(v for k, v in node.items() if k != "properties")
            pending.extend(node.get("properties", {}).values())


api = Api(
    title="User management and support API",
    version="1.0.0",
    description="Staff back end of the e-learning platform: learner accounts and profiles, staff and sessions, "
    "multi-factor authentication, impersonation with approval, bulk operations, the support desk (tickets, agents, "
    "knowledge base), learner analytics and dropout risk, client monitoring, security events, privacy requests and "
    "compliance reports, and a tamper-evident audit trail. Authenticate with `Authorization: Bearer <token>` from "
    "POST /api/auth/login, or a Django session with CSRF. Errors share one body: "
    '`{"error": {"code", "message", "details"}}` (the codes: docs/errors.md). Live events: GET /events/?channel=.',
    auth=AUTH,
    parser=StrictParser(),
    docs_decorator=staff_docs,
    urls_namespace="api",
)
errors.install(api)
api.add_router("/", system_router)
api.add_router("/auth", auth_router)
api.add_router("/auth", security_auth_router)
api.add_router("/staff", staff_router)
api.add_router("/audit", audit_router)
api.add_router("/users/bulk-operations", bulk_router)
api.add_router("/users", users_router)
api.add_router("/users", security_users_router)
api.add_router("/users", sessions_users_router)
api.add_router("/users", impersonation_router)
api.add_router("/users", consents_router)
api.add_router("/me", me_router)
api.add_router("/me", notifications_router)
api.add_router("/privacy", privacy_router)
api.add_router("/compliance", reports_router)
api.add_router("/users", analytics_users_router)
api.add_router("/analytics", analytics_router)
api.add_router("/activity", activity_router)
api.add_router("/support/knowledge-base", kb_router)
api.add_router("/support", support_router)
api.add_router("/security", security_router)
api.add_router("/telemetry", telemetry_router)
api.add_router("/monitoring", monitoring_router)
api.add_router("/saved-views", saved_views_router)
api.add_router("/policies", policies_router)
api.add_router("/courses", courses_router)
