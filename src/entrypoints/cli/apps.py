from django.apps import AppConfig


class CliConfig(AppConfig):
    """Operators' management commands; its ready() registers the Huey tasks and gives every browser sign-in
    (Django's user_logged_in) its session row."""

    name = "entrypoints.cli"
    label = "cli"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from entrypoints import tasks  # noqa: F401  (registers every task with Huey)
        from entrypoints.api.auth import start_cookie_session

        user_logged_in.connect(start_cookie_session, dispatch_uid="identity.start_cookie_session")
