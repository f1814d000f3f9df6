from django.urls import path

from thidua.core import views

app_name = "core"
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("floor", views.floor, name="floor"),
    # Browsers ask for /favicon.ico on pages without a <link rel="icon"> (downloads, errors).
    path("favicon.ico", views.favicon, name="favicon"),
    path("audit/", views.audit_log, name="audit"),
]
