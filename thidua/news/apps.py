from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "thidua.news"
    label = "news"
