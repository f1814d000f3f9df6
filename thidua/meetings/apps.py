from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "thidua.meetings"
    label = "meetings"
