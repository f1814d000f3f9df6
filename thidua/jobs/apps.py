from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "thidua.jobs"
    label = "jobs"
