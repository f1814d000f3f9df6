"""Placeholder views replaced by the cycles work."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from thidua.cycles.selectors import visible_cycles


@login_required
def cycle_list(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"cycles": visible_cycles(request.user)})


@login_required
def cycle_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = get_object_or_404(visible_cycles(request.user), pk=pk)
    return render(request, "core/home.html", {"cycles": [cycle]})
