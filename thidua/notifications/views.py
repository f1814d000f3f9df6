from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from thidua.core.forms import parse_id
from thidua.notifications import services
from thidua.notifications.models import Notification


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    rows = Notification.objects.filter(recipient_id=request.user.pk).order_by("-created_at")
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page})


@login_required
@require_POST
def notification_read(request: HttpRequest) -> HttpResponse:
    """Mark one notification read (and follow its link) or all of them."""
    raw = request.POST.get("id", "")
    notification_id = parse_id(raw)
    services.mark_read(user=request.user, notification_id=notification_id)
    if notification_id is not None:
        target = Notification.objects.filter(
            recipient_id=request.user.pk, pk=notification_id
        ).first()
        if target is not None and target.url.startswith("/"):
            return redirect(target.url)
    return redirect("notifications:list")
