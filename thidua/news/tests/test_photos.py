"""Photos are checked by content and size, re-encoded without EXIF/GPS and resized."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from thidua.lib import images
from thidua.news.models import Photo
from thidua.news.tests.helpers import jpeg_bytes, make_post
from thidua.testing import signin


def _gps_exif() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    gps = {1: "N", 2: (10.0, 55.0, 30.0), 3: "E", 4: (108.0, 6.0, 0.0)}
    exif[0x8825] = gps  # GPSInfo
    return exif.tobytes()


def _upload(client, post, name, content, caption="Ảnh hội nghị"):
    return client.post(
        reverse("news:photo_add", args=[post.pk]),
        {"caption": caption, "photo": SimpleUploadedFile(name, content, "image/jpeg")},
    )


def test_a_jpeg_with_gps_comes_out_without_exif_and_resized(client, cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    original = jpeg_bytes((3000, 2000), exif=_gps_exif())
    assert Image.open(io.BytesIO(original)).getexif().get(0x8825) is not None
    post = make_post(cast)
    signin(client, cast.head_rep)
    assert _upload(client, post, "hoi-nghi.jpg", original).status_code == 302
    photo = Photo.objects.get()
    stored = Image.open(photo.image.open("rb"))
    assert not stored.getexif()
    assert "exif" not in stored.info
    assert max(stored.size) == images.WEB_MAX_SIDE and (photo.width, photo.height) == stored.size
    assert photo.caption == "Ảnh hội nghị"


def test_a_text_file_named_jpg_is_refused(client, cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    post = make_post(cast)
    signin(client, cast.head_rep)
    response = _upload(client, post, "anh.jpg", b"this is not a photo at all\n" * 10)
    assert response.status_code == 400
    assert "JPEG" in response.content.decode()
    assert not Photo.objects.exists()


def test_an_oversized_photo_is_refused(client, cast, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(images, "MAX_UPLOAD_BYTES", 10_000)
    monkeypatch.setattr(images.prepare, "__kwdefaults__", {"max_bytes": 10_000, "max_side": 1600})
    post = make_post(cast)
    signin(client, cast.head_rep)
    big = jpeg_bytes((1200, 1200))
    assert len(big) > 10_000
    response = _upload(client, post, "lon.jpg", big)
    assert response.status_code == 400 and not Photo.objects.exists()


def test_a_photo_needs_a_caption(client, cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    post = make_post(cast)
    signin(client, cast.head_rep)
    response = _upload(client, post, "a.jpg", jpeg_bytes(), caption="")
    assert response.status_code == 400 and not Photo.objects.exists()


def test_a_photo_can_be_added_while_writing_the_post(client, cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    signin(client, cast.head_rep)
    client.post(
        reverse("news:post_create"),
        {
            "title": "Tọa đàm an sinh xã hội",
            "lead": "Tọa đàm “Vì người nghèo”.",
            "body": "Nội dung.",
            "block": cast.block.pk,
            "photo": SimpleUploadedFile("a.png", _png(), "image/png"),
            "caption": "Quang cảnh tọa đàm",
        },
    )
    photo = Photo.objects.get()
    assert photo.post.title == "Tọa đàm an sinh xã hội" and photo.content_type == "image/jpeg"


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (300, 200), (0, 80, 160)).save(out, format="PNG")
    return out.getvalue()


def test_a_removed_photo_is_kept_on_record_but_no_longer_shown(client, cast, settings, tmp_path):
    from thidua.news import services
    from thidua.news.tests.helpers import add_photo, web_image

    settings.MEDIA_ROOT = tmp_path
    post = make_post(cast, publish=True)
    photo = add_photo(cast, post)
    signin(client, cast.head_rep)
    client.post(reverse("news:photo_remove", args=[photo.pk]))
    assert not post.photos.exists()
    kept = Photo.all_objects.get(pk=photo.pk)
    assert kept.removed_by == cast.head_rep and kept.removed_at is not None
    client.logout()
    assert client.get(reverse("news:photo", args=[photo.pk])).status_code == 404
    page = client.get(reverse("news:article", args=[post.slug])).content.decode()
    assert "<figure" not in page
    assert (
        services.add_photo(
            actor=cast.head_rep,
            post=post,
            image=web_image(),
            caption="Ảnh mới",
        ).order
        == 2
    )
