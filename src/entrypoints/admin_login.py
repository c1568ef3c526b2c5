"""The admin site's login asks for the authenticator's code of anyone with MFA, and refuses anyone whose role requires
MFA and who has none (they enrol through the API first): without it, a password alone would open a full browser
session that the API's cookie authentication accepts too."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError

from domain.identity.ports import FactorState
from domain.security.mfa import MAX_CODE_INPUT
from domain.shared.errors import DomainError
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


def install(site: Any) -> None:
    site.login_form = MfaAdminAuthenticationForm
    site.login_template = "admin/mfa_login.html"
