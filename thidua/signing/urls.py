from django.urls import path

from thidua.signing import remote_views, views
from thidua.signing import views_certificates as cert_views

app_name = "signing"
urlpatterns = [
    path("cycle/<int:cycle_pk>/", views.board, name="board"),
    path("cycle/<int:cycle_pk>/freeze/", views.freeze, name="freeze"),
    path("cycle/<int:cycle_pk>/unfreeze/", views.unfreeze, name="unfreeze"),
    path("cycle/<int:cycle_pk>/sign/", views.sign, name="sign"),
    path("cycle/<int:cycle_pk>/paper/", views.paper, name="paper"),
    path("cycle/<int:cycle_pk>/covenant.docx", views.covenant_docx, name="covenant_docx"),
    path("cycle/<int:cycle_pk>/covenant.pdf", views.covenant_pdf, name="covenant_pdf"),
    path("cycle/<int:cycle_pk>/to-sign.pdf", views.to_sign_pdf, name="to_sign_pdf"),
    path("cycle/<int:cycle_pk>/signed/", views.upload_signed, name="upload_signed"),
    path("cycle/<int:cycle_pk>/remote/", remote_views.remote_start, name="remote_start"),
    path("cycle/<int:cycle_pk>/remote/<int:pk>/", remote_views.remote_status, name="remote_status"),
    path("test-remote/<str:reference>/", remote_views.test_remote, name="test_remote"),
    path("signatures/<int:pk>/scan/", views.scan, name="scan"),
    path("trust-anchors/", views.anchors, name="anchors"),
    path("people/<int:pk>/certificates/", cert_views.person, name="certificates"),
    path("certificates/<int:pk>/confirm/", cert_views.confirm, name="certificate_confirm"),
    path("certificates/<int:pk>/withdraw/", cert_views.revoke, name="certificate_revoke"),
]
