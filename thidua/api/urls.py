from django.urls import path
from django.views.generic import RedirectView

from thidua.api import views

app_name = "api"

urlpatterns = [
    path("", views.docs, name="docs"),
    # The version's root leads people to its documentation.
    path("v1/", RedirectView.as_view(pattern_name="api:docs"), name="v1_root"),
    path("tokens/", views.token_list, name="token_list"),
    path("tokens/new/", views.token_create, name="token_create"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("webhooks/", views.webhook_list, name="webhook_list"),
    path("webhooks/new/", views.webhook_create, name="webhook_create"),
    path("webhooks/<int:pk>/switch-off/", views.webhook_deactivate, name="webhook_deactivate"),
]
