from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "adapters.orm.policies"
    label = "runtime_policies"
    verbose_name = "run-time policies"
    default_auto_field = "django.db.models.BigAutoField"
