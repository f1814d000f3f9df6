from django.urls import path

from thidua.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("floor", views.floor, name="floor"),
    # Browsers ask for /favicon.ico on pages without a <link rel="icon"> (downloads, errors).
    path("favicon.ico", views.favicon, name="favicon"),
    path("audit/", views.audit_log, name="audit"),
    path("board/<slug:table>.xlsx", views.board_xlsx, name="board_xlsx"),
]
