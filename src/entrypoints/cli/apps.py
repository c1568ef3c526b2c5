from django.apps import AppConfig


class CliConfig(AppConfig):
    """Operators' management commands; its ready() registers the Huey tasks and gives every browser sign-in
    (Django's user_logged_in) its session row, and connects role changes made in /admin/ to the detection rules."""

    name = "entrypoints.cli"
    label = "cli"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from entrypoints import tasks  # noqa: F401  (registers every task with Huey)
        from entrypoints.api.auth import start_cookie_session
        from entrypoints.bootstrap import connect_role_signals

        user_logged_in.connect(start_cookie_session, dispatch_uid="identity.start_cookie_session")
        connect_role_signals()
