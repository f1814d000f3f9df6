"""The public verification page: no sign-in, anyone holding the covenant PDF checks its hash."""

from django.urls import path

from thidua.signing import views

app_name = "verify"
urlpatterns = [
    path("", views.verify_lookup, name="lookup"),
    path("file/", views.verify_file, name="file"),
    path("<str:sha256>/", views.verify_detail, name="detail"),
    path("<str:sha256>/report.<str:fmt>", views.verify_report, name="report"),
]
