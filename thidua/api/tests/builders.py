from __future__ import annotations

import datetime as dt

from django.utils import timezone

from thidua.api import services
from thidua.testing import Cast


def make_token(cast: Cast, *, scopes: tuple[str, ...] = (), province=None, days: int = 30):
    return services.issue_token(
        actor=cast.board,
        name="Văn phòng điện tử",
        province=province or cast.province,
        scopes=list(scopes),
        expires_on=timezone.localdate() + dt.timedelta(days=days),
    )


def bearer(raw: str, **extra: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}", **extra}


def make_webhook(cast: Cast, *, events=None, url: str = "https://eoffice.example.gov.vn/hooks"):
    from thidua.api.models import WebhookEvent

    return services.register_webhook(
        actor=cast.board,
        name="Văn phòng điện tử",
        url=url,
        province=cast.province,
        events=list(events or WebhookEvent.values),
    )
