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
]
