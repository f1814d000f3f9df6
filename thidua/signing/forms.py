from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.core.forms import StyledForm
from thidua.orgs.models import Organisation


class SignForm(StyledForm):
    position = forms.CharField(
        label=_("Your position"),
        max_length=150,
        help_text=_("As it will be printed in the signature table."),
    )
    confirm = forms.BooleanField(
        label=_("I have read this version of the covenant and confirm it for my unit."),
    )
    sha256 = forms.CharField(widget=forms.HiddenInput)


class PaperForm(StyledForm):
    unit = forms.ModelChoiceField(label=_("Member unit"), queryset=Organisation.objects.none())
    signer_name = forms.CharField(label=_("Signer's name"), max_length=150)
    signer_position = forms.CharField(label=_("Signer's position"), max_length=150)
    signed_on = forms.DateField(
        label=_("Date of signing"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    scan = forms.FileField(
        label=_("Scanned signed page"),
        help_text=_("PDF, JPEG or PNG, at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def __init__(self, *args: Any, units: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.model_choice_field("unit").queryset = Organisation.objects.filter(
            pk__in=[u.pk for u in units]
        )
        self.fields["signed_on"].initial = timezone.localdate()


class VerifyForm(StyledForm):
    sha256 = forms.CharField(
        label=_("SHA-256 fingerprint"),
        max_length=100,
        help_text=_("The 64 characters printed on the verification page of the covenant."),
    )


class SignedPdfForm(StyledForm):
    signed_pdf = forms.FileField(
        label=_("The signed PDF"),
        help_text=_(
            "The file you downloaded above, as your signing tool saved it after you signed it. "
            "PDF, at most 20 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
    )


class TrustAnchorForm(StyledForm):
    name = forms.CharField(
        label=_("Name"),
        max_length=255,
        required=False,
        help_text=_(
            "E.g. “Root CA of the Government Cipher Board”. Empty: the certificate's name."
        ),
    )
    certificate = forms.FileField(
        label=_("Certificate of the certificate authority"),
        help_text=_("A root or intermediate certificate, .cer, .crt or .pem, at most 100 KB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".cer,.crt,.pem,.der"}),
    )


class VerifyFileForm(StyledForm):
    document = forms.FileField(
        label=_("PDF file to check"),
        help_text=_("A PDF the product issued, signed or not. At most 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
    )


class CertificateForm(StyledForm):
    certificate = forms.FileField(
        label=_("The person's signing certificate"),
        help_text=_(
            "The certificate only (.cer, .crt or .pem, at most 100 KB), never the key or a .p12 "
            "file. It must be valid today and chain to a trusted certificate authority."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".cer,.crt,.pem,.der"}),
    )
