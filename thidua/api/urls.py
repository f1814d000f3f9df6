from django.urls import path

from thidua.api import views

app_name = "api"

urlpatterns = [
    path("", views.docs, name="docs"),
    path("tokens/", views.token_list, name="token_list"),
    path("tokens/new/", views.token_create, name="token_create"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
]
