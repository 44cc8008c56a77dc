from django.apps import AppConfig


class AdviceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "advice"
    verbose_name = "Advice"

    def ready(self) -> None:
        # drugs never imports advice: the engine's publish check is registered from here.
        from advice.publish_checks import engine_check
        from drugs.services import register_snapshot_validator

        register_snapshot_validator(engine_check)
