from django.urls import path

from thidua.activities import views

app_name = "activities"
urlpatterns = [
    path("cycle/<int:cycle_pk>/", views.activity_list, name="activity_list"),
    path("cycle/<int:cycle_pk>/new/", views.activity_create, name="activity_create"),
    path("cycle/<int:cycle_pk>/participation/", views.participation, name="participation"),
    path(
        "cycle/<int:cycle_pk>/participation.xlsx",
        views.participation_xlsx,
        name="participation_xlsx",
    ),
    path(
        "cycle/<int:cycle_pk>/participation/criteria/",
        views.feed_criteria,
        name="feed_criteria",
    ),
    path("<int:pk>/", views.activity_detail, name="activity_detail"),
    path("<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("<int:pk>/photos/add/", views.photo_add, name="photo_add"),
    path("<int:pk>/photos/<int:photo_pk>/", views.photo_file, name="photo_file"),
    path("<int:pk>/photos/<int:photo_pk>/remove/", views.photo_remove, name="photo_remove"),
]
