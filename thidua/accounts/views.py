"""Sign-in, sign-out, passwords, two-factor, re-authentication and the profile page."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from thidua.accounts import forms, qr, reauth, selectors, services
from thidua.accounts.http import AuthenticatedRequest
from thidua.accounts.models import User
from thidua.accounts.redirects import safe_next
from thidua.core.errors import DomainError
from thidua.core.forms import add_domain_error, posted

SETUP_KEY = "accounts_totp_setup_key"


def _next(request: HttpRequest, default: str | None = None) -> str:
    return safe_next(request, request.POST.get("next") or request.GET.get("next"), default)


def _with_next(name: str, next_url: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


def _is_verified(user: Any) -> bool:
    check = getattr(user, "is_verified", None)
    return bool(check and check())


# --- sign-in and sign-out --------------------------------------------------------------------


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def login_view(request: HttpRequest) -> HttpResponse:
    next_url = _next(request, resolve_url(settings.LOGIN_REDIRECT_URL))
    form = forms.SignInForm(request, data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user: User = form.get_user()
        auth_login(request, user)
        reauth.mark_authenticated(request)
        services.record_sign_in(user=user)
        if services.has_two_factor(user):
            return redirect(_with_next("accounts:two_factor_verify", next_url))
        return redirect(next_url)
    return render(request, "accounts/login.html", {"form": form, "next": next_url})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        services.record_sign_out(user=request.user)
        auth_logout(request)
        messages.success(request, _("You have signed out."))
    return redirect("accounts:login")


# --- passwords ---------------------------------------------------------------------------------


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = forms.ChangePasswordForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "request": self.request}

    def form_valid(self, form: BaseForm) -> HttpResponse:
        response = super().form_valid(form)
        reauth.mark_authenticated(self.request)
        return response


password_change = PasswordChangeView.as_view()
password_change_done = auth_views.PasswordChangeDoneView.as_view(
    template_name="accounts/password_change_done.html"
)
password_reset = auth_views.PasswordResetView.as_view(
    form_class=forms.ResetRequestForm,
    template_name="accounts/password_reset.html",
    subject_template_name="accounts/email/password_reset_subject.txt",
    email_template_name="accounts/email/password_reset_body.txt",
    success_url=reverse_lazy("accounts:password_reset_done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html"
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    form_class=forms.ChoosePasswordForm,
    template_name="accounts/password_reset_confirm.html",
    success_url=reverse_lazy("accounts:password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)


# --- two-factor --------------------------------------------------------------------------------


@login_required
def two_factor(request: AuthenticatedRequest) -> HttpResponse:
    status = selectors.two_factor_status(request.user)
    return render(request, "accounts/two_factor.html", {"status": status})


@login_required
@never_cache
def two_factor_setup(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    replacing = services.has_two_factor(user)
    if replacing and not reauth.is_recently_authenticated(request):
        return reauth.redirect_to_reauth(request)
    key = request.session.get(SETUP_KEY) or services.new_totp_key()
    request.session[SETUP_KEY] = key
    form = forms.CodeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            device = services.enable_two_factor(user=user, key=key, code=form.cleaned_data["code"])
        except DomainError as err:
            add_domain_error(form, err)
        else:
            del request.session[SETUP_KEY]
            otp_login(request, device)
            reauth.mark_authenticated(request)
            messages.success(request, _("Two-factor authentication is on."))
            return redirect(_next(request, reverse("accounts:two_factor")))
    label = _("QR code to scan with your authenticator app")
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr": qr.qr_svg(qr.enrolment_url(user=user, key=key), label=label),
            "secret": qr.secret_for_typing(key),
            "replacing": replacing,
            "status": selectors.two_factor_status(user),
            "next": _next(request, ""),
        },
    )


@require_POST
@login_required
@reauth.require_recent_auth
def two_factor_disable(request: AuthenticatedRequest) -> HttpResponse:
    try:
        services.disable_two_factor(actor=request.user, user=request.user)
    except DomainError as err:
        messages.error(request, err.message)
    else:
        messages.success(request, _("Two-factor authentication is off."))
    return redirect("accounts:two_factor")


@login_required
@never_cache
def two_factor_verify(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    next_url = _next(request)
    if _is_verified(user):
        return redirect(next_url)
    if not services.has_two_factor(user):
        return redirect("accounts:two_factor")
    form = forms.CodeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            device = services.check_two_factor_code(user=user, code=form.cleaned_data["code"])
        except DomainError as err:
            add_domain_error(form, err)
        else:
            if device is not None:
                otp_login(request, device)
                reauth.mark_authenticated(request)
                services.record_two_factor_verified(user=user)
                return redirect(next_url)
            form.add_error("code", _("This code is not valid. Enter the code your app shows now."))
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": next_url})


# --- re-authentication -------------------------------------------------------------------------


@sensitive_post_parameters("pw-password")
@login_required
@never_cache
def reauth_view(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    next_url = _next(request)
    method = request.POST.get("method") if request.method == "POST" else None
    has_device = services.has_two_factor(user)
    password_form = forms.ReauthPasswordForm(
        request.POST if method == "password" else None, prefix="pw"
    )
    code_form = forms.ReauthCodeForm(request.POST if method == "code" else None, prefix="otp")
    if request.method == "POST" and method not in ("password", "code" if has_device else None):
        # The form's hidden choice was altered or is stale: say what to do, never nothing.
        messages.error(
            request, _("Confirm with your password, or with a code from your app, in a form below.")
        )
    if method == "password" and password_form.is_valid():
        # Through authenticate(), so that guessing here is throttled like signing in.
        confirmed = authenticate(
            request, username=user.get_username(), password=password_form.cleaned_data["password"]
        )
        if confirmed is not None and confirmed.pk == user.pk:
            return _reauthenticated(request, user, "password", next_url)
        password_form.add_error("password", _("This password is not correct."))
    elif method == "code" and has_device and code_form.is_valid():
        try:
            device = services.check_two_factor_code(user=user, code=code_form.cleaned_data["code"])
        except DomainError as err:
            add_domain_error(code_form, err)
        else:
            if device is not None:
                return _reauthenticated(request, user, "totp", next_url)
            code_form.add_error(
                "code", _("This code is not valid. Enter the code your app shows now.")
            )
    return render(
        request,
        "accounts/reauth.html",
        {
            "password_form": password_form,
            "code_form": code_form if has_device else None,
            "next": next_url,
            "max_minutes": settings.REAUTH_MAX_AGE_SECONDS // 60,
        },
    )


def _reauthenticated(request: HttpRequest, user: User, method: str, next_url: str) -> HttpResponse:
    reauth.mark_authenticated(request)
    services.record_reauth(user=user, method=method)
    messages.success(request, _("Identity confirmed. You can continue."))
    return redirect(next_url)


# --- profile -----------------------------------------------------------------------------------


@login_required
def profile(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "accounts/profile.html", selectors.profile(request.user))
