from django.urls import path

from thidua.signing import views

app_name = "signing"
urlpatterns = [
    path("cycle/<int:cycle_pk>/", views.board, name="board"),
    path("cycle/<int:cycle_pk>/freeze/", views.freeze, name="freeze"),
    path("cycle/<int:cycle_pk>/unfreeze/", views.unfreeze, name="unfreeze"),
    path("cycle/<int:cycle_pk>/sign/", views.sign, name="sign"),
    path("cycle/<int:cycle_pk>/paper/", views.paper, name="paper"),
    path("cycle/<int:cycle_pk>/covenant.docx", views.covenant_docx, name="covenant_docx"),
    path("cycle/<int:cycle_pk>/covenant.pdf", views.covenant_pdf, name="covenant_pdf"),
    path("signatures/<int:pk>/scan/", views.scan, name="scan"),
]
