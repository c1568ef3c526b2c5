from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "adapters.orm.accounts"
    label = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import signals  # noqa: F401
