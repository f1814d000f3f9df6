from django.urls import path

from thidua.reports import views

app_name = "reports"
# Mounted under cycles/: the archive is a page of the cycle.
urlpatterns = [
    path("<int:pk>/archive/", views.cycle_archive, name="cycle_archive"),
]
