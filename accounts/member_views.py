"""Pages for organisation accounts: the people of an organisation, inviting a colleague,
accepting an invitation and deactivating a leaver."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.forms import apply_service_errors

from . import members, roles


class InviteForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("E-mailadres van uw collega"))
    role = forms.ChoiceField(label=gettext_lazy("Rol"), choices=[])
    organisation_admin = forms.BooleanField(
        label=gettext_lazy("Mag ook collega's uitnodigen en uitzetten"), required=False
    )

    def __init__(self, *args, staff: bool, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(roles.PARTNER, roles.ROLES[roles.PARTNER])]
        if staff:
            choices += [(r, roles.ROLES[r]) for r in members.STAFF_ROLES]
        self.fields["role"].choices = choices


class AcceptForm(forms.Form):
    first_name = forms.CharField(label=gettext_lazy("Voornaam"), max_length=150)
    last_name = forms.CharField(label=gettext_lazy("Achternaam"), max_length=150)
    password1 = forms.CharField(
        label=gettext_lazy("Kies een wachtwoord"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=gettext_lazy("Minstens 12 tekens; niet te gewoon en niet alleen cijfers."),
    )
    password2 = forms.CharField(
        label=gettext_lazy("Herhaal het wachtwoord"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("De twee wachtwoorden zijn niet gelijk."))
        return data


def _organisation(request, slug, staff):
    """The organisation whose people the page shows (None: staff without one); 404 for one
    the reader does not manage (the page never says whether it exists)."""
    user = request.user
    if staff:
        organisation = None
    elif slug is None:
        organisation = user.organisation
        if organisation is None:
            raise Http404
    else:
        # The organisation model belongs to the plan (an app above accounts).
        model = get_user_model()._meta.get_field("organisation").related_model
        organisation = model.objects.filter(slug=slug).first()
        if organisation is None:
            raise Http404
    if not members.may_manage(user, organisation):
        raise Http404
    return organisation


@login_required
def member_list(request, slug=None, staff=False):
    organisation = _organisation(request, slug, staff)
    staff = request.user.is_portal_admin
    form = InviteForm(request.POST or None, staff=staff)
    if request.method == "POST" and form.is_valid():
        try:
            members.member_invite(
                by=request.user,
                organisation=organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                organisation_admin=form.cleaned_data["organisation_admin"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            # The same answer whether or not the address already has an account.
            messages.success(
                request,
                _("We hebben een e-mail gestuurd naar %(email)s.")
                % {"email": form.cleaned_data["email"]},
            )
            return redirect(request.path)
    people = (
        members.members_of(organisation)
        if organisation
        else get_user_model().objects.filter(organisation__isnull=True).order_by("username")
    )
    return render(
        request,
        "accounts/members.html",
        {
            "organisation": organisation,
            "people": people,
            "invitations": members.open_invitations(organisation),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def member_deactivate(request, pk):
    member = get_user_model().objects.filter(pk=pk).select_related("organisation").first()
    if member is None or not members.may_manage(request.user, member.organisation):
        raise Http404
    try:
        members.member_deactivate(by=request.user, member=member)
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("U kunt dit account niet uitzetten."))
    else:
        messages.success(
            request,
            _("%(name)s kan niet meer inloggen.")
            % {"name": member.get_full_name() or member.username},
        )
    if member.organisation:
        return redirect("accounts:organisation_members", slug=member.organisation.slug)
    return redirect("accounts:staff_members")


@login_required
@require_POST
def invitation_withdraw(request, pk):
    invitation = get_object_or_404(members.Invitation, pk=pk, used_at__isnull=True)
    if not members.may_manage(request.user, invitation.organisation):
        raise Http404
    members.invitation_withdraw(by=request.user, invitation=invitation)
    messages.success(request, _("De uitnodiging werkt niet meer."))
    if invitation.organisation:
        return redirect("accounts:organisation_members", slug=invitation.organisation.slug)
    return redirect("accounts:staff_members")


def invitation_accept(request, key):
    """The invitee chooses a name and password; the link works once, until it expires."""
    invitation = members.invitation_for(key)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    form = AcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            members.invitation_accept(
                key=key,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Uw account is klaar. Log in met uw e-mailadres en het gekozen wachtwoord."),
            )
            return redirect("login")
    return render(
        request,
        "accounts/invitation_accept.html",
        {"invitation": invitation, "form": form},
        status=400 if form.errors else 200,
    )
