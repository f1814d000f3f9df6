"""Placeholder views replaced by the accounts work (sign-in, password, two-factor, re-auth)."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

login_view = auth_views.LoginView.as_view(template_name="accounts/login.html")


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/profile.html")


password_change = login_required(auth_views.PasswordChangeView.as_view())


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/profile.html")
