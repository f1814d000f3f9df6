from django.urls import path  # noqa: F401

from thidua.scoring import ranking_urls

app_name = "scoring"
urlpatterns: list = []
urlpatterns += ranking_urls.urlpatterns
