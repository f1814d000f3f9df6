from django.apps import AppConfig


class BoardConfig(AppConfig):
    name = "thidua.board"
    label = "board"
