from django.urls import path

from thidua.awards import views

app_name = "awards"
urlpatterns = [
    # The Board's side.
    path("", views.queue, name="queue"),
    path("summary/", views.summary, name="summary"),
    path("summary.xlsx", views.summary_xlsx, name="summary_xlsx"),
    # The dossiers of a cycle and one dossier.
    path("cycle/<int:pk>/", views.cycle_dossiers, name="cycle_dossiers"),
    path("cycle/<int:pk>/build/<int:award>/", views.proposal_create, name="proposal_create"),
    path("<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("<int:pk>/edit/", views.proposal_edit, name="proposal_edit"),
    path("<int:pk>/submit/", views.proposal_submit, name="proposal_submit"),
    path("<int:pk>/return/", views.proposal_return, name="proposal_return"),
    path("<int:pk>/accept/", views.proposal_accept, name="proposal_accept"),
    path("<int:pk>/decision/", views.decision, name="decision"),
    path("<int:pk>/to-trinh.docx", views.to_trinh_docx, name="to_trinh_docx"),
    path("<int:pk>/to-trinh.pdf", views.to_trinh_pdf, name="to_trinh_pdf"),
    path("<int:pk>/dossier.zip", views.dossier_zip, name="dossier_zip"),
    # Nominees and their achievement reports.
    path("nominee/<int:pk>/remove/", views.nominee_remove, name="nominee_remove"),
    path("nominee/<int:pk>/report/", views.report_edit, name="report_edit"),
    path("nominee/<int:pk>/report/upload/", views.report_upload, name="report_upload"),
    path("nominee/<int:pk>/report.docx", views.report_docx, name="report_docx"),
    path("nominee/<int:pk>/report.pdf", views.report_pdf, name="report_pdf"),
    path("nominee/<int:pk>/report-file/", views.report_file, name="report_file"),
    # Award history of an organisation.
    path("organisation/<int:pk>/", views.history, name="history"),
    path("organisation/<int:pk>/history.docx", views.history_docx, name="history_docx"),
    path("organisation/<int:pk>/history.pdf", views.history_pdf, name="history_pdf"),
    path("organisation/<int:pk>/history.xlsx", views.history_xlsx, name="history_xlsx"),
]
