"""Changing and resetting a password: Django's own views, in Dutch, with reset requests
throttled and never telling whether an address has an account."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from core.security import client_ip

from . import services

FORM = "accounts/password_form.html"
MESSAGE = "accounts/password_message.html"


class ThrottledPasswordResetForm(PasswordResetForm):
    """Send at most a few reset mails per address and per e-mail an hour; past that, the page
    says the same as always and nothing is sent (no hint whether the account exists)."""

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def save(self, *args, **kwargs):
        email, ip = self.cleaned_data["email"], client_ip(self.request)
        if services.password_reset_allowed(email=email, ip=ip):
            super().save(*args, **kwargs)


class PasswordResetView(auth_views.PasswordResetView):
    form_class = ThrottledPasswordResetForm
    template_name = FORM
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")
    extra_context = {
        "title": _("Wachtwoord vergeten"),
        "intro": _(
            "Vul het e-mailadres van uw account in. Als er een account bij hoort, krijgt u een "
            "e-mail met een link om een nieuw wachtwoord te kiezen."
        ),
        "submit": _("Stuur mij een link"),
    }

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}


password_reset = PasswordResetView.as_view()
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name=MESSAGE,
    extra_context={
        "title": _("Kijk in uw e-mail"),
        "message": _(
            "Als er een account bij dit e-mailadres hoort, hebben wij een link gestuurd. De link "
            "is drie dagen geldig. Geen e-mail gekregen? Kijk ook bij ongewenste e-mail."
        ),
    },
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name=FORM,
    success_url=reverse_lazy("accounts:password_reset_complete"),
    extra_context={
        "title": _("Kies een nieuw wachtwoord"),
        "intro": _("Kies een wachtwoord van minstens 12 tekens dat u nergens anders gebruikt."),
        "submit": _("Wachtwoord opslaan"),
        "invalid_link": _(
            "Deze link is niet (meer) geldig. Vraag een nieuwe link aan via 'Wachtwoord vergeten'."
        ),
    },
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name=MESSAGE,
    extra_context={
        "title": _("Wachtwoord opgeslagen"),
        "message": _("Uw nieuwe wachtwoord is opgeslagen. U kunt nu inloggen."),
        "login_link": True,
    },
)
password_change = auth_views.PasswordChangeView.as_view(
    template_name=FORM,
    success_url=reverse_lazy("accounts:password_change_done"),
    extra_context={
        "title": _("Wachtwoord wijzigen"),
        "intro": _("Vul uw huidige wachtwoord in en kies een nieuw wachtwoord."),
        "submit": _("Wachtwoord wijzigen"),
    },
)
password_change_done = auth_views.PasswordChangeDoneView.as_view(
    template_name=MESSAGE,
    extra_context={
        "title": _("Wachtwoord gewijzigd"),
        "message": _("Uw wachtwoord is gewijzigd. U blijft ingelogd."),
    },
)
