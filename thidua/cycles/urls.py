from django.urls import path

from thidua.cycles import views

app_name = "cycles"
urlpatterns = [
    path("", views.cycle_list, name="cycle_list"),
    path("new/", views.cycle_create, name="cycle_create"),
    path("<int:pk>/", views.cycle_detail, name="cycle_detail"),
    path("<int:pk>/advance/", views.cycle_advance, name="cycle_advance"),
    path("<int:pk>/units/", views.cycle_units, name="cycle_units"),
    path("<int:pk>/policy/", views.policy_edit, name="policy_edit"),
    path("award-types/", views.award_type_list, name="award_type_list"),
    path("award-types/new/", views.award_type_create, name="award_type_create"),
    path("award-types/<int:pk>/edit/", views.award_type_edit, name="award_type_edit"),
    path("provinces/<int:province_pk>/policy/", views.province_policy, name="province_policy"),
]
