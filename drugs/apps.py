from django.apps import AppConfig


class DrugsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "drugs"
    verbose_name = "Drug monographs"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from drugs import search_index, signals

        signals.connect()
        connection_created.connect(search_index.set_trigram_threshold, dispatch_uid="lactrx-trgm")
