from django.apps import AppConfig


class DraftingConfig(AppConfig):
    name = "thidua.drafting"
    label = "drafting"
