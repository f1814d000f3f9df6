from django.urls import path

from thidua.drafting import views

app_name = "drafting"
urlpatterns = [
    path("cycle/<int:cycle_pk>/", views.cycle_documents, name="cycle_documents"),
    path("cycle/<int:cycle_pk>/new/", views.document_create, name="document_create"),
    path("<int:pk>/", views.document_detail, name="document_detail"),
    path("<int:pk>/edit/", views.document_edit, name="document_edit"),
    path("<int:pk>/stale-years/review/", views.stale_year_review, name="stale_year_review"),
    path("<int:pk>/compare/", views.compare, name="compare"),
    path("<int:pk>/comments/open/", views.window_open, name="window_open"),
    path("<int:pk>/summary.docx", views.summary_docx, name="summary_docx"),
    path("<int:pk>/summary.xlsx", views.summary_xlsx, name="summary_xlsx"),
    path("windows/<int:pk>/", views.window_detail, name="window_detail"),
    path("windows/<int:pk>/comment/", views.comment_add, name="comment_add"),
    path("windows/<int:pk>/close/", views.window_close, name="window_close"),
    path("windows/<int:pk>/reopen/", views.window_reopen, name="window_reopen"),
    path("comments/<int:pk>/answer/", views.comment_answer, name="comment_answer"),
]
