from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "thidua.activities"
    label = "activities"
