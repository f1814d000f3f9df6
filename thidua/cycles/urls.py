from django.urls import path

from thidua.cycles import views

app_name = "cycles"
urlpatterns = [
    path("", views.cycle_list, name="cycle_list"),
    path("<int:pk>/", views.cycle_detail, name="cycle_detail"),
]
