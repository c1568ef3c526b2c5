from django.apps import AppConfig


class ImpersonationConfig(AppConfig):
    name = "adapters.orm.impersonation"
    label = "impersonation"
    default_auto_field = "django.db.models.BigAutoField"
