from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "thidua.core"
    label = "core"

    def ready(self) -> None:
        from thidua.core import checks, contributions  # noqa: F401 (checks register themselves)

        # Every app's contributions to the hubs (thidua/core/contributions.py).
        contributions.discover()
