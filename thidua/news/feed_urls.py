"""The Atom feed lives at the site's root (/feed.xml), outside the news namespace."""

from django.urls import path

from thidua.news.feeds import NewsFeed

urlpatterns = [path("", NewsFeed(), name="news_feed")]
