"""The admin site's login asks for the authenticator's code of anyone with MFA, and refuses anyone whose role requires
MFA and who has none (they enrol through the API first): without it, a password alone would open a full browser
session that the API's cookie authentication accepts too.

Every sign-in, refused sign-in and sign-out of the admin site is audited (`admin.login`, `admin.login_failed`,
`admin.logout`) with the client's address and counted by the login protection, as the API's login is
(domain.identity.admin_login); the admin's pages are audited by the mixin on
their ModelAdmins (adapters.orm.audited_admin), connected here to the container's trail."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse

from domain.identity.ports import FactorState
from domain.security.mfa import MAX_CODE_INPUT
from domain.shared.errors import DomainError, Throttled
from domain.shared.principal import Principal
from entrypoints.api.auth import request_meta
from entrypoints.bootstrap import container


class MfaAdminAuthenticationForm(AdminAuthenticationForm):
    otp_code = forms.CharField(
        label="Authenticator code",
        required=False,
        max_length=MAX_CODE_INPUT,
        help_text="The 6 digits your authenticator app shows, if your account has MFA.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean(self) -> dict[str, Any]:
        """Under the API login's protection: a name and network held back are refused before the password is
        checked; a refusal is audited with its code (a wrong password, an inactive account, MFA missing or a wrong
        code) and a wrong password counted."""
        username = str(self.cleaned_data.get("username") or "")
        if self.request is None or not username or not self.cleaned_data.get("password"):
            return super().clean()  # the fields' own errors: nothing was tried
        meta, login = request_meta(self.request), container().admin_login
        try:
            admission = login.admit(username, meta)
        except Throttled as held:
            minutes = max(1, -(-held.retry_after // 60))
            message = f"Too many failed sign-ins: try again in {minutes} minute(s)."
            raise ValidationError(message, code="login_throttled") from held
        try:
            return super().clean()
        except ValidationError as refused:
            login.refused(username, admission, meta, refused.code or "invalid_login")
            raise

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)
        c = container()
        identity = c.auth.directory.get(user.pk)
        if identity is None:
            raise ValidationError("This account cannot sign in here.", code="inactive")
        state = c.mfa.state(identity)
        if state is FactorState.MUST_ENROL:
            raise ValidationError(
                "Your role requires MFA: set it up through the API first (POST /api/auth/mfa/totp), then sign in here "
                "with its code.",
                code="mfa_enrolment_required",
            )
        if state is FactorState.ENROLLED:
            principal = c.auth.principal_for_user(user.pk)
            assert principal is not None and self.request is not None
            try:
                c.mfa.check(
                    principal.with_meta(request_meta(self.request)),
                    self.cleaned_data.get("otp_code") or "",
                    "admin_login",
                )
            except DomainError as refused:
                raise ValidationError(refused.message, code=refused.code) from refused


def _admin_page(request: HttpRequest | None, name: str) -> bool:
    return request is not None and request.path == reverse(f"admin:{name}")


def audit_sign_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """Django's `user_logged_in`, when it comes from the admin's login page (not a test's force_login)."""
    if request is not None and _admin_page(request, "login"):
        who = Principal(user.pk, user.get_username(), meta=request_meta(request))
        container().admin_login.signed_in(who, user.get_username())


def audit_sign_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None and user is not None and _admin_page(request, "logout"):
        who = Principal(user.pk, user.get_username(), meta=request_meta(request))
        container().admin_login.signed_out(who)


def install(site: Any) -> None:
    site.login_form = MfaAdminAuthenticationForm
    site.login_template = "admin/mfa_login.html"


def connect_audit() -> None:
    """Sign-ins and sign-outs of the admin site write to the container's trail (the CLI app's ready(), once:
    dispatch_uid)."""
    user_logged_in.connect(audit_sign_in, dispatch_uid="admin.audit_sign_in")
    user_logged_out.connect(audit_sign_out, dispatch_uid="admin.audit_sign_out")
