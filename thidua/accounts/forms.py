"""Sign-in, password and two-factor forms, styled like the rest of the product."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.core import validators
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from thidua.accounts import emails, services
from thidua.accounts.models import User
from thidua.core.forms import StyledForm, StyledFormMixin


def _autocomplete(form: forms.BaseForm, **values: str) -> None:
    for name, value in values.items():
        form.fields[name].widget.attrs["autocomplete"] = value


def code_field(label: Any = None, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label or _("Six-digit code"),
        required=required,
        max_length=12,
        help_text=_("The code your authenticator app shows now (it changes every 30 seconds)."),
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "pattern": "[0-9 ]*",
                "spellcheck": "false",
                "size": "8",
            }
        ),
    )


class SignInForm(StyledFormMixin, AuthenticationForm):
    error_messages = {
        # One message whatever was wrong, so that it does not tell which accounts exist.
        "invalid_login": _(
            "The username or e-mail address and the password do not match an active account. "
            "Check them and try again."
        ),
        "inactive": _(
            "The username or e-mail address and the password do not match an active account. "
            "Check them and try again."
        ),
    }

    def __init__(self, request: HttpRequest | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("Username or e-mail address")
        # E-mail addresses are longer than usernames may be.
        username = cast(forms.CharField, self.fields["username"])
        username.max_length = 254
        # The field is built: its length check must be added, not only its limit set (an
        # unchecked 10,000-character name overflowed the lockout's record on PostgreSQL).
        username.validators.append(validators.MaxLengthValidator(254))
        username.widget.attrs["maxlength"] = "254"
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.fields["password"].label = _("Password")
        _autocomplete(self, username="username", password="current-password")

    def get_invalid_login_error(self) -> forms.ValidationError:
        return forms.ValidationError(self.error_messages["invalid_login"], code="invalid_login")


class ChangePasswordForm(StyledFormMixin, PasswordChangeForm):
    """The current password is checked through the sign-in throttling, like a sign-in."""

    def __init__(
        self, user: User, *args: Any, request: HttpRequest | None = None, **kwargs: Any
    ) -> None:
        self.request = request
        super().__init__(user, *args, **kwargs)
        self.fields["old_password"].widget.attrs.pop("autofocus", None)
        _autocomplete(
            self,
            old_password="current-password",
            new_password1="new-password",
            new_password2="new-password",
        )

    def clean_old_password(self) -> str:
        old = self.cleaned_data["old_password"]
        if authenticate(self.request, username=self.user.get_username(), password=old) is None:
            raise forms.ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            )
        return old

    def save(self, commit: bool = True) -> User:
        return services.change_password(user=self.user, password=self.cleaned_data["new_password1"])


class ResetRequestForm(StyledFormMixin, PasswordResetForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("E-mail address")
        self.fields["email"].help_text = _("The address your account is registered with.")

    def get_users(self, email: str) -> Any:
        # Accounts created without a password (they set it from a link) may reset too.
        return User.objects.filter(email__iexact=email.strip(), is_active=True).exclude(email="")

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        emails.send_bilingual(
            subject_template=subject_template_name,
            body_template=email_template_name,
            context=context,
            to=to_email,
        )


class ChoosePasswordForm(StyledFormMixin, SetPasswordForm):
    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(user, *args, **kwargs)
        _autocomplete(self, new_password1="new-password", new_password2="new-password")

    def save(self, commit: bool = True) -> User:
        return services.reset_password(user=self.user, password=self.cleaned_data["new_password1"])


class CodeForm(StyledForm):
    code = code_field()

    def clean_code(self) -> str:
        code = services.normalise_code(self.cleaned_data["code"])
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError(_("Enter the six digits your app shows."))
        return code


class ReauthPasswordForm(StyledForm):
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class ReauthCodeForm(CodeForm):
    pass
