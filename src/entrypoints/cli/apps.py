from django.apps import AppConfig


class CliConfig(AppConfig):
    """Operators' management commands; its ready() registers the Huey tasks."""

    name = "entrypoints.cli"
    label = "cli"

    def ready(self) -> None:
        from entrypoints import tasks  # noqa: F401  (registers every task with Huey)
