from django.urls import path

from thidua.news import portal_views, views

app_name = "news"
urlpatterns = [
    # The public portal.
    path("", portal_views.portal_home, name="portal"),
    path("posts/", portal_views.post_list, name="post_list"),
    path("p/<slug:slug>/", portal_views.article, name="article"),
    path("p/<slug:slug>/comment/", portal_views.comment, name="comment"),
    path("photo/<int:pk>/", portal_views.photo, name="photo"),
    path("blocks/", portal_views.block_list, name="block_list"),
    path("blocks/<int:pk>/", portal_views.block_detail, name="block_detail"),
    path("organisations/<int:pk>/", portal_views.organisation_detail, name="organisation"),
    path("search/", portal_views.search, name="search"),
    # The authors' pages.
    path("manage/", views.manage, name="manage"),
    path("manage/new/", views.post_create, name="post_create"),
    path("manage/from/<slug:source>/", views.draft_from, name="draft_from"),
    path("manage/<int:pk>/", views.post_detail, name="post_detail"),
    path("manage/<int:pk>/edit/", views.post_edit, name="post_edit"),
    path("manage/<int:pk>/publish/", views.post_publish, name="post_publish"),
    path("manage/<int:pk>/unpublish/", views.post_unpublish, name="post_unpublish"),
    path("manage/<int:pk>/photos/", views.photo_add, name="photo_add"),
    path("manage/photos/<int:pk>/remove/", views.photo_remove, name="photo_remove"),
    path("manage/comments/", views.moderation, name="moderation"),
    path("manage/comments/<int:pk>/", views.comment_moderate, name="comment_moderate"),
]
