from django.apps import AppConfig


class TicketsConfig(AppConfig):
    name = "adapters.orm.tickets"
    label = "support"
    verbose_name = "support tickets"
    default_auto_field = "django.db.models.BigAutoField"
