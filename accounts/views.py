"""The profile page: personal API tokens, created and revoked here; only a hash is stored."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from . import services
from .models import ApiToken
from .twofactor import has_device


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Naam van de token"),
        max_length=100,
        help_text=gettext_lazy("Bijvoorbeeld de naam van het systeem dat de token gebruikt."),
    )


NEW_KEY = "accounts-new-token-key"


@login_required
def profile(request):
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _token, key = services.token_create(user=request.user, name=form.cleaned_data["name"])
        # Post/redirect/get: a reload makes no second token. The key travels once, in the
        # session, and is shown on the next page only.
        request.session[NEW_KEY] = key
        return redirect("accounts:profile")
    new_key = request.session.pop(NEW_KEY, None)
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "new_key": new_key,
            "tokens": ApiToken.objects.filter(user=request.user),
            "two_factor": has_device(request.user),
        },
    )


@login_required
@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.token_revoke(token=token, by=request.user)
    messages.success(request, _("Token '%(n)s' is ingetrokken.") % {"n": token.name})
    return redirect("accounts:profile")
