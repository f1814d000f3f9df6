from django.apps import AppConfig


class CyclesConfig(AppConfig):
    name = "thidua.cycles"
    label = "cycles"
