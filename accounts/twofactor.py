"""Two-step sign-in (TOTP, with recovery codes) for the roles that can change the plan,
moderate residents' input, administer the portal or manage an organisation's accounts.

With TWO_FACTOR_REQUIRED (on in production) those roles must set it up before anything
else; anyone who set it up is always asked for a code after the password. A signed-in
user who still has to pass the second step sees only the setup or code page (and logout).
API tokens are not affected: they are personal secrets of their own.
"""

from __future__ import annotations

import secrets

import django_otp
import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.ratelimit import RateLimit

RECOVERY_CODES = 10
OPEN_PATHS = ("/static/", "/healthz", "/readyz", "/uitloggen/", "/api/")


def requires_two_factor(user) -> bool:
    """Return whether this user's role asks for a second step at sign-in."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(
        user.is_superuser
        or user.is_programme_team
        or user.is_coordinator
        or user.is_portal_admin
        or user.is_organisation_admin  # manages the organisation's accounts
    )


def has_device(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def needs_second_step(user) -> bool:
    """Return whether this signed-in user still has to enter a code (or set one up)."""
    if not getattr(user, "is_authenticated", False) or user.is_verified():
        return False
    return has_device(user) or (settings.TWO_FACTOR_REQUIRED and requires_two_factor(user))


class TwoFactorMiddleware:
    """Send a signed-in user who must pass the second step to the code or setup page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(OPEN_PATHS)
            and request.path not in (reverse("two_factor_verify"), reverse("two_factor_setup"))
        ):
            if has_device(user):
                return redirect(f"{reverse('two_factor_verify')}?next={request.get_full_path()}")
            if settings.TWO_FACTOR_REQUIRED and requires_two_factor(user):
                return redirect(f"{reverse('two_factor_setup')}?next={request.get_full_path()}")
        return self.get_response(request)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=16,
        help_text=gettext_lazy(
            "De 6 cijfers uit uw app, of een van uw herstelcodes als u de app niet bij de hand "
            "heeft."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class ReEnrolForm(CodeForm):
    """Replacing a linked app (and its recovery codes) asks who you are first: a stolen
    session alone must not be able to take over the second factor (ASVS 3.7.1)."""

    current = forms.CharField(
        label=gettext_lazy("Uw wachtwoord, of een code uit uw huidige app"),
        max_length=128,
        help_text=gettext_lazy(
            "U heeft al een app gekoppeld. Bevestig daarom eerst dat u het bent: met uw "
            "wachtwoord, een code uit de app die u nu gebruikt, of een herstelcode."
        ),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    field_order = ["current", "code"]


def _reauth_failures() -> RateLimit:
    return RateLimit(
        "reauth-failures", settings.LOGIN_FAILURE_LIMIT, settings.LOGIN_LOCKOUT_SECONDS
    )


def _confirms_identity(user, secret: str) -> bool:
    """The current password, or a current code of a confirmed device (a recovery code too).

    Failures count per user, with the login's limit: a stolen session cannot guess on."""
    failures = _reauth_failures()
    if failures.exceeded("user", str(user.pk)):
        return False
    secret = secret.strip()
    if user.check_password(secret) or django_otp.match_token(user, secret.replace(" ", "")):
        return True
    failures.hit("user", str(user.pk))
    return False


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/"


@login_required
def verify(request):
    """The second step: a code from the app, or a recovery code (used once)."""
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"].replace(" ", "").strip()
        device = django_otp.match_token(request.user, code)
        if device is not None:
            django_otp.login(request, device)
            return redirect(_next(request))
        form.add_error("code", _("Deze code klopt niet (meer). Probeer de volgende code."))
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": _next(request)},
        status=400 if form.errors else 200,
    )


@login_required
def setup(request):
    """Link an authenticator app: scan the code, confirm one code, keep the recovery codes."""
    if has_device(request.user) and not request.user.is_verified():
        return redirect(f"{reverse('two_factor_verify')}?next={reverse('two_factor_setup')}")
    device, _created = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "app"}
    )
    re_enrol = has_device(request.user)
    form = (ReEnrolForm if re_enrol else CodeForm)(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if re_enrol and not _confirms_identity(request.user, form.cleaned_data["current"]):
            form.add_error(
                "current",
                _("Dit is niet uw wachtwoord of een geldige code. Er is niets gewijzigd."),
            )
        elif device.verify_token(form.cleaned_data["code"].replace(" ", "").strip()):
            device.confirmed = True
            device.save()
            TOTPDevice.objects.filter(user=request.user).exclude(pk=device.pk).delete()
            codes = new_recovery_codes(request.user)
            django_otp.login(request, device)
            return render(
                request, "accounts/two_factor_codes.html", {"codes": codes, "next": _next(request)}
            )
        else:
            form.add_error("code", _("Deze code klopt niet. Kijk of de tijd op uw telefoon klopt."))
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr": _qr_svg(device.config_url),
            "secret": _secret(device),
            "next": _next(request),
            "required": settings.TWO_FACTOR_REQUIRED and requires_two_factor(request.user),
        },
        status=400 if form.errors else 200,
    )


def new_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes with new ones; return them (shown once)."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name="herstelcodes", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [f"{secrets.randbelow(10**8):08d}" for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def _secret(device: TOTPDevice) -> str:
    from base64 import b32encode

    key = b32encode(device.bin_key).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def _qr_svg(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    svg = image.to_string(encoding="unicode")
    return mark_safe(svg.replace("<svg ", '<svg role="img" aria-label="QR-code" ', 1))
