"""The XLSX import pages; included by orgs/urls.py."""

from django.urls import path

from thidua.orgs import import_views

urlpatterns = [
    path("import/", import_views.import_upload, name="import_upload"),
    path("import/template.xlsx", import_views.import_template, name="import_template"),
    path("import/<slug:token>/", import_views.import_preview, name="import_preview"),
    path("import/<slug:token>/confirm/", import_views.import_confirm, name="import_confirm"),
]
