"""The registry pages (provinces, organisations, blocks, people); included by orgs/urls.py."""

from django.urls import path

from thidua.orgs import views

urlpatterns = [
    path("provinces/", views.province_list, name="province_list"),
    path("provinces/new/", views.province_create, name="province_create"),
    path("provinces/merge/", views.province_merge, name="province_merge"),
    path("provinces/<int:pk>/edit/", views.province_edit, name="province_edit"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path("organisations/merge/", views.organisation_merge, name="organisation_merge"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="organisation_edit"),
    path("organisations/<int:pk>/rename/", views.organisation_rename, name="organisation_rename"),
    path("organisations/<int:pk>/split/", views.organisation_split, name="organisation_split"),
    path("blocks/", views.block_list, name="block_list"),
    path("blocks/new/", views.block_create, name="block_create"),
    path("blocks/mine/", views.my_block, name="my_block"),
    path("blocks/<int:pk>/", views.block_detail, name="block_detail"),
    path("blocks/<int:pk>/edit/", views.block_edit, name="block_edit"),
    path("blocks/<int:pk>/members/add/", views.block_add_members, name="block_add_members"),
    path("blocks/<int:pk>/members/copy/", views.block_copy_members, name="block_copy_members"),
    path("memberships/<int:pk>/remove/", views.membership_remove, name="membership_remove"),
    path("people/", views.person_list, name="person_list"),
    path("people/new/", views.person_create, name="person_create"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path(
        "people/<int:pk>/two-factor/reset/",
        views.person_reset_two_factor,
        name="person_reset_two_factor",
    ),
]
