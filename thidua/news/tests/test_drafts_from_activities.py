"""A joint activity's facts and photos become a draft for its author to edit, never published
by itself."""

from __future__ import annotations

import pytest
from django.urls import reverse

from thidua.activities.tests.builders import make_activity, make_photo
from thidua.core.models import AuditEvent
from thidua.cycles import services as cycles
from thidua.news.drafts import SOURCES
from thidua.news.models import Photo, Post, PostStatus
from thidua.orgs import services as orgs
from thidua.testing import make_org, signin

URL = reverse("news:draft_from", args=["activity"])


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _activity_with_photo(cast):
    activity = make_activity(
        cast,
        participants=[cast.head_org, cast.deputy_org],
        report="Các hội chia sẻ mô hình hay.\nĐại diện Hội Nhà báo phát biểu.",
    )
    photo = make_photo(cast, activity)
    return activity, photo


def test_an_activity_becomes_a_draft_with_who_when_where_and_what(client, cast):
    activity, _photo = _activity_with_photo(cast)
    signin(client, cast.head_rep)
    assert activity.title in client.get(URL).content.decode()
    response = client.post(URL, {"record": activity.pk})
    post = Post.objects.get()
    assert response["Location"] == reverse("news:post_edit", args=[post.pk])
    assert post.source == f"activity:{activity.pk}" and post.block == cast.block
    assert activity.title in post.title and cast.block.name in post.title
    assert "15/06/" in post.lead and activity.place in post.lead
    assert cast.head_org.name in post.lead
    assert f"<li>{cast.deputy_org.name}</li>" in post.body
    assert cast.member_org.name not in post.body  # did not take part
    assert "<p>Đại diện Hội Nhà báo phát biểu.</p>" in post.body
    assert cast.block.name in post.tag_list


def test_the_draft_is_not_published_until_a_person_publishes_it(client, cast):
    activity, _photo = _activity_with_photo(cast)
    signin(client, cast.board)
    client.post(URL, {"record": activity.pk})
    post = Post.objects.get()
    assert post.status == PostStatus.DRAFT and post.published_at is None
    assert client.get(reverse("news:article", args=[post.slug])).status_code == 404


def test_the_activitys_photos_are_copied_with_their_captions(client, cast):
    activity, photo = _activity_with_photo(cast)
    signin(client, cast.head_rep)
    client.post(URL, {"record": activity.pk})
    copied = Photo.objects.get(post=Post.objects.get())
    assert copied.caption == photo.caption
    assert (copied.width, copied.height, copied.content_type) == (
        photo.width,
        photo.height,
        photo.content_type,
    )
    with copied.image.open("rb") as new, photo.image.open("rb") as old:
        assert new.read() == old.read()
    assert copied.image.name != photo.image.name
    assert AuditEvent.objects.filter(action="news.photo.add").count() == 1


def test_members_who_do_not_write_the_blocks_news_cannot_draft_from_its_activities(client, cast):
    activity = make_activity(cast)
    for user in (cast.member_rep, cast.outsider):
        signin(client, user)
        assert client.post(URL, {"record": activity.pk}).status_code == 403
    assert not Post.objects.exists()


def test_another_blocks_author_neither_sees_nor_drafts_from_the_activity(client, cast):
    activity = make_activity(cast)
    deputy = make_org(cast.province, "Hội Cựu giáo chức tỉnh")
    orgs.add_membership(
        actor=None, block=cast.other_block, organisation=deputy, year=cast.cycle.year
    )
    cycles.create_cycle(
        actor=None,
        block=cast.other_block,
        year=cast.cycle.year,
        head_unit=cast.outsider_org,
        deputy_unit=deputy,
    )
    signin(client, cast.outsider)
    page = client.get(URL)
    assert page.status_code == 200 and activity.title not in page.content.decode()
    assert client.post(URL, {"record": activity.pk}).status_code == 200  # not a choice
    assert not Post.objects.exists()
    with pytest.raises(Exception) as err:
        SOURCES["activity"].facts(cast.outsider, activity.pk)
    assert type(err.value).__name__ == "Http404"


def test_the_activity_page_links_to_a_draft_for_the_people_who_write_the_blocks_news(client, cast):
    activity = make_activity(cast)
    page = reverse("activities:activity_detail", args=[activity.pk])
    link = f"{URL}?record={activity.pk}"
    for user in (cast.head_rep, cast.board):
        signin(client, user)
        assert link in client.get(page).content.decode()
    signin(client, cast.member_rep)
    assert link not in client.get(page).content.decode()
    signin(client, cast.head_rep)
    form = client.get(link).content.decode()
    assert f'value="{activity.pk}" selected' in form


def test_the_authors_page_offers_drafts_from_activities(client, cast):
    signin(client, cast.head_rep)
    assert URL in client.get(reverse("news:manage")).content.decode()
