from django.urls import path

from thidua.board import views

app_name = "board"
urlpatterns = [
    path("", views.home, name="home"),
    path("board/<slug:table>.xlsx", views.board_xlsx, name="xlsx"),
    path("audit/export.<slug:fmt>", views.audit_export, name="audit_export"),
]
