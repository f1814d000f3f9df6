"""Access matrix of the news pages and the public portal.

Portal pages are public: anonymous visitors and every role read them. The cast's head unit
(head_rep) and the Board write and moderate the block's posts; other members read the list
page only (it explains who writes news); a draft answers 404 to everyone else.
"""

from thidua.awards.models import Award
from thidua.cycles.models import AwardType
from thidua.news.models import Comment, Post
from thidua.news.tests.helpers import add_photo, make_post
from thidua.tests.access_matrix import EVERYONE, Route

EDITORS = frozenset({"board", "head_rep"})


def _published(cast):
    post = Post.objects.filter(status="published").first()
    if post is None:
        post = make_post(cast, publish=True, title="Tin đã đăng")
        add_photo(cast, post)
    return post


def _draft(cast):
    post = Post.objects.filter(status="draft").first()
    return post or make_post(cast, title="Bản nháp")


def _comment(cast):
    comment = Comment.objects.filter(status="pending").first()
    if comment is None:
        comment = Comment.objects.create(
            post=_published(cast), name="Bạn đọc", email="a@example.org", text="Hay"
        )
    return comment


def _org_with_award(cast):
    award_type = AwardType.objects.filter(province=cast.province).first()
    Award.objects.get_or_create(
        organisation=cast.member_org,
        award_type=award_type,
        year=2024,
        defaults={"name": cast.member_org.name},
    )
    return {"pk": cast.member_org.pk}


PORTAL = dict(public=True, allowed=EVERYONE)

ROUTES = [
    Route("news:portal", **PORTAL),
    Route("news:post_list", **PORTAL),
    Route("news:article", kwargs=lambda c: {"slug": _published(c).slug}, **PORTAL),
    Route(
        "news:comment",
        kwargs=lambda c: {"slug": _published(c).slug},
        method="post",
        data=lambda c: {"name": "Bạn đọc", "email": "a@example.org", "text": ""},
        anonymous_status=302,
        **PORTAL,
    ),
    Route(
        "news:photo",
        kwargs=lambda c: {"pk": _published(c).photos.first().pk},
        **PORTAL,
    ),
    Route("news:block_list", **PORTAL),
    Route("news:block_detail", kwargs=lambda c: {"pk": c.block.pk}, **PORTAL),
    Route("news:organisation", kwargs=_org_with_award, **PORTAL),
    Route("news:search", query="?q=hoi+nguoi+mu", **PORTAL),
    Route("news_feed", **PORTAL),
    Route("news:manage", allowed=EVERYONE),
    Route("news:post_create", allowed=EDITORS),
    Route("news:draft_from", kwargs=lambda c: {"source": "meeting"}, allowed=EDITORS),
    Route("news:draft_from", kwargs=lambda c: {"source": "activity"}, allowed=EDITORS),
    Route("news:post_detail", kwargs=lambda c: {"pk": _draft(c).pk}, allowed=EDITORS),
    Route("news:post_edit", kwargs=lambda c: {"pk": _draft(c).pk}, allowed=EDITORS),
    Route(
        "news:post_publish",
        kwargs=lambda c: {"pk": _draft(c).pk},
        method="post",
        data=lambda c: {},
        allowed=EDITORS,
    ),
    Route(
        "news:post_unpublish",
        kwargs=lambda c: {"pk": _published(c).pk},
        method="post",
        data=lambda c: {},
        allowed=EDITORS,
    ),
    Route(
        "news:photo_add",
        kwargs=lambda c: {"pk": _draft(c).pk},
        method="post",
        data=lambda c: {"caption": "Ảnh"},
        allowed=EDITORS,
    ),
    Route(
        "news:photo_remove",
        kwargs=lambda c: {"pk": add_photo(c, _draft(c)).pk},
        method="post",
        data=lambda c: {},
        allowed=EDITORS,
    ),
    Route("news:moderation", allowed=EDITORS),
    Route(
        "news:comment_moderate",
        kwargs=lambda c: {"pk": _comment(c).pk},
        method="post",
        data=lambda c: {"decision": "approve"},
        allowed=EDITORS,
    ),
]
