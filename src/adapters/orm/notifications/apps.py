from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "adapters.orm.notifications"
    label = "notifications"
    verbose_name = "notification preferences"
    default_auto_field = "django.db.models.BigAutoField"
