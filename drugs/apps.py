from django.apps import AppConfig


class DrugsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "drugs"
    verbose_name = "Drug monographs"

    def ready(self) -> None:
        from drugs import signals

        signals.connect()
