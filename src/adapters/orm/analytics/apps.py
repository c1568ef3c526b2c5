from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "adapters.orm.analytics"
    label = "analytics"
    verbose_name = "learner analytics"
    default_auto_field = "django.db.models.BigAutoField"
