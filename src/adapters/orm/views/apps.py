from django.apps import AppConfig


class SavedViewsConfig(AppConfig):
    name = "adapters.orm.views"
    label = "saved_views"
    verbose_name = "saved views"
    default_auto_field = "django.db.models.BigAutoField"
