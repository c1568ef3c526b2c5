from django.apps import AppConfig


class CliConfig(AppConfig):
    """Operators' management commands; its ready() registers the Huey tasks and gives every browser sign-in
    (Django's user_logged_in) its session row, connects role changes made in /admin/ to the detection rules, and
    the admin site's sign-ins, sign-outs and audited pages to the audit trail."""

    name = "entrypoints.cli"
    label = "cli"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from entrypoints import tasks  # noqa: F401  (registers every task with Huey)
        from entrypoints.admin_login import connect_audit
        from entrypoints.api.auth import start_cookie_session
        from entrypoints.bootstrap import connect_admin_audit, connect_role_signals

        user_logged_in.connect(start_cookie_session, dispatch_uid="identity.start_cookie_session")
        connect_role_signals()
        connect_audit()
        connect_admin_audit()
