from django.apps import AppConfig


class LegalConfig(AppConfig):
    name = "thidua.legal"
    label = "legal"
