"""Small builders for the news tests."""

from __future__ import annotations

import io
from typing import Any

from PIL import Image

from thidua.lib import images
from thidua.news import services
from thidua.news.models import Post
from thidua.news.services import PostValues


def values(title: str = "Khối thi đua 8 phát động thi đua năm 2025", **extra: Any) -> PostValues:
    data: dict[str, Any] = {
        "title": title,
        "lead": "Các hội thành viên ký kết giao ước thi đua.",
        "body": "Nội dung bài viết.",
        "byline": "P.V.",
    }
    data.update(extra)
    return PostValues(**data)


def make_post(cast: Any, *, publish: bool = False, title: str = "", **extra: Any) -> Post:
    post = services.create_post(
        actor=cast.head_rep,
        values=values(title or "Khối thi đua 8 phát động thi đua năm 2025", **extra),
        block=cast.block,
    )
    if publish:
        post = services.publish_post(actor=cast.head_rep, post=post)
    return post


def jpeg_bytes(size: tuple[int, int] = (640, 480), exif: bytes | None = None) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, (180, 30, 30))
    if exif is not None:
        image.save(out, format="JPEG", exif=exif)
    else:
        image.save(out, format="JPEG")
    return out.getvalue()


def web_image(size: tuple[int, int] = (640, 480)) -> images.WebImage:
    return images.prepare(
        io.BytesIO(jpeg_bytes(size)), messages={"type": "t", "size": "s", "broken": "b"}
    )


def add_photo(cast: Any, post: Post, caption: str = "Các đại biểu ký kết giao ước") -> Any:
    return services.add_photo(actor=cast.head_rep, post=post, image=web_image(), caption=caption)
