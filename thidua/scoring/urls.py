from django.urls import path

from thidua.scoring import ranking_urls, views

app_name = "scoring"
urlpatterns = [
    path("<int:pk>/", views.overview, name="overview"),
    path("<int:pk>/criteria/", views.criteria_table, name="criteria_table"),
    path("<int:pk>/criteria/add/", views.node_add, name="node_add"),
    path("<int:pk>/criteria/copy/", views.table_copy, name="table_copy"),
    path("<int:pk>/criteria.xlsx", views.table_export, name="table_export"),
    path("<int:pk>/criteria/import/", views.table_import, name="table_import"),
    path("criteria/<int:pk>/edit/", views.node_edit, name="node_edit"),
    path("criteria/<int:pk>/move/", views.node_move, name="node_move"),
    path("criteria/<int:pk>/delete/", views.node_delete, name="node_delete"),
    path("<int:pk>/self/<int:unit_pk>/", views.self_sheet, name="self_sheet"),
    path("<int:pk>/self/<int:unit_pk>/reopen/", views.self_reopen, name="self_reopen"),
    path("<int:pk>/cross/<int:unit_pk>/", views.cross_sheet, name="cross_sheet"),
    path("<int:pk>/head/<int:unit_pk>/", views.head_sheet, name="head_sheet"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence_file"),
    path("evidence/<int:pk>/delete/", views.evidence_delete, name="evidence_delete"),
]
urlpatterns += ranking_urls.urlpatterns
