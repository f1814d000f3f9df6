"""The Atom feed of published news at /feed.xml."""

from __future__ import annotations

import datetime as dt

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from thidua.news import selectors
from thidua.news.models import Post

FEED_SIZE = 20


class NewsFeed(Feed):
    feed_type = Atom1Feed

    def title(self) -> str:
        return _("News of the emulation blocks")

    def subtitle(self) -> str:
        return _("Activities of the province's emulation blocks and the Board.")

    def link(self) -> str:
        return reverse("news:portal")

    def items(self) -> list[Post]:
        return list(selectors.portal_posts()[:FEED_SIZE])

    def item_title(self, item: Post) -> str:
        return item.title

    def item_description(self, item: Post) -> str:
        return item.lead

    def item_link(self, item: Post) -> str:
        return reverse("news:article", args=[item.slug])

    def item_pubdate(self, item: Post) -> dt.datetime | None:
        return item.published_at

    def item_updateddate(self, item: Post) -> dt.datetime | None:
        return item.updated_at

    def item_author_name(self, item: Post) -> str | None:
        return item.byline or None

    def item_categories(self, item: Post) -> list[str]:
        return item.tag_list
