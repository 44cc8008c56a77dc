from django.apps import AppConfig


class LactmedConfig(AppConfig):
    """The project package as an app: wires the security audit receivers (lactmed.audit)."""

    name = "lactmed"
    verbose_name = "LactRx"

    def ready(self) -> None:
        from lactmed import audit

        audit.connect()
