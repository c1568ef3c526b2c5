"""A person's own notification preferences: which topics reach them by e-mail, SMS or a Slack-compatible webhook."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from domain.shared.errors import InvalidInput
from entrypoints.api.auth import principal
from entrypoints.api.schemas import errors
from entrypoints.bootstrap import container
from entrypoints.modules import NOTIFICATIONS

from .schemas import PreferencesIn, PreferencesOut

router = Router(tags=["notifications"])  # under /api/me


@router.get(
    "/notification-preferences",
    response={200: PreferencesOut, **errors(401, 403)},
    summary="Get my notification preferences",
)
def get_my_notification_preferences(request: HttpRequest) -> PreferencesOut:
    """The topics that can reach you (learners: replies to their tickets; agents: assignments and SLA warnings;
    admins: critical security events) and the channels of each. Until you choose, every topic comes by e-mail;
    SMS and Slack are opt-in. Learners and staff alike; an impersonation token is refused."""
    return PreferencesOut.of(container()[NOTIFICATIONS].service.mine(principal(request)))


@router.put(
    "/notification-preferences",
    response={200: PreferencesOut, **errors(400, 401, 403, 422)},
    summary="Change my notification preferences",
)
def update_my_notification_preferences(request: HttpRequest, body: PreferencesIn) -> PreferencesOut:
    """Replace your channels per topic (audited, without your number or URL). SMS needs `phone` in E.164 form,
    Slack a `webhook_url` over https; both are sent only to you. 400 `invalid_notification_preferences` names each
    wrong field in `details.problems` (a bad number, a non-https URL, a channel without its address, a topic that
    does not reach you, a topic given twice)."""
    seen = [t.topic for t in body.topics]
    if len(seen) != len(set(seen)):
        raise InvalidInput(
            "Each topic may be given once.",
            code="invalid_notification_preferences",
            details={"problems": {"topics": "each topic at most once"}},
        )
    channels = {t.topic: frozenset(t.channels) for t in body.topics}
    view = container()[NOTIFICATIONS].service.change(principal(request), channels, body.phone, body.webhook_url)
    return PreferencesOut.of(view)
