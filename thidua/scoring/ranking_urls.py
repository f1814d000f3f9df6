"""Ranking, analysis and scoring documents (included at the end of urls.py)."""

from __future__ import annotations

from django.urls import path

from thidua.scoring import ranking_views as views

urlpatterns = [
    path("cycles/<int:pk>/ranking/", views.ranking, name="ranking"),
    path("cycles/<int:pk>/ranking/publish/", views.publish, name="ranking_publish"),
    path("cycles/<int:pk>/ranking/correct/", views.correct, name="ranking_correct"),
    path("cycles/<int:pk>/analysis/", views.analysis, name="analysis"),
    path("cycles/<int:pk>/ranking.xlsx", views.ranking_xlsx, name="ranking_xlsx"),
    path("cycles/<int:pk>/ranking.docx", views.ranking_docx, name="ranking_docx"),
    path("cycles/<int:pk>/ranking.pdf", views.ranking_pdf, name="ranking_pdf"),
    path(
        "cycles/<int:pk>/units/<int:unit>/score-sheet.xlsx",
        views.unit_sheet_xlsx,
        name="unit_sheet_xlsx",
    ),
    path(
        "cycles/<int:pk>/units/<int:unit>/score-sheet.docx",
        views.unit_sheet_docx,
        name="unit_sheet_docx",
    ),
]
