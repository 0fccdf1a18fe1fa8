from django import forms
from django.utils.translation import gettext_lazy as _

from audit.models import ChangeRecord
from regioplan.models import Initiative, OperationalGoal, Organisation

from .models import Input, ParticipationMoment, ResidentInitiative


class InputForm(forms.ModelForm):
    # A field people never see or fill in; bots do. Labelled for screen readers to skip it.
    website = forms.CharField(label=_("Laat dit veld leeg"), required=False)

    class Meta:
        model = Input
        fields = ["kind", "text", "municipality", "may_publish", "name", "email", "notify"]
        labels = {
            "kind": _("Wat wilt u ons laten weten?"),
            "text": _("Uw inbreng"),
            "may_publish": _(
                "Mijn inbreng mag op de website staan (zonder mijn naam en e-mailadres)"
            ),
            "name": _("Uw naam"),
            "email": _("Uw e-mailadres"),
            "notify": _(
                "Ja, stuur mij een bericht als er een antwoord is en als er nieuwe voortgang is "
                "bij dit doel"
            ),
        }
        help_texts = {
            "text": _("Schrijf geen gegevens over uw eigen gezondheid of die van anderen."),
            "email": _(
                "Alleen nodig als u berichten wilt krijgen. We gebruiken het voor niets anders en "
                "verwijderen het na een jaar."
            ),
        }
        widgets = {
            "text": forms.Textarea(attrs={"rows": 6, "maxlength": 4000}),
            "kind": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Input.Kind.choices  # no empty "---------" radio button
        self.fields["municipality"].empty_label = _("Geen gemeente gekozen")


class PublishForm(forms.Form):
    public_text = forms.CharField(
        label=_("Tekst zoals die openbaar wordt"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        help_text=_("Haal persoonlijke gegevens en gezondheidsgegevens weg."),
    )


class HideForm(forms.Form):
    reason = forms.CharField(label=_("Reden van verbergen"), max_length=1000)


class AnswerForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Input.Answer.choices)
    answer = forms.CharField(
        label=_("Antwoord aan de inwoner"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=4000,
    )
    led_to = forms.ModelChoiceField(
        label=_("Leidde tot deze wijziging van het plan"),
        required=False,
        queryset=ChangeRecord.objects.none(),
    )

    def __init__(self, *args, goal=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = ChangeRecord.objects.filter(action__in=["create", "update"]).order_by("-created_at")
        if goal is not None:
            qs = qs.filter(object_id=goal.pk, content_type__model="operationalgoal")
        self.fields["led_to"].queryset = qs[:50]


class ProposalForm(forms.ModelForm):
    website = forms.CharField(label=_("Laat dit veld leeg"), required=False)
    goals = forms.ModelMultipleChoiceField(
        label=_("Draagt bij aan doelen"),
        required=False,
        queryset=OperationalGoal.objects.order_by("code"),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    class Meta:
        model = ResidentInitiative
        fields = [
            "name",
            "place",
            "municipality",
            "kind",
            "description",
            "contact_name",
            "contact_email",
            "contact_public",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class ReviewForm(forms.Form):
    note = forms.CharField(label=_("Toelichting"), required=False, max_length=1000)


class MomentForm(forms.ModelForm):
    class Meta:
        model = ParticipationMoment
        fields = [
            "goal",
            "initiative",
            "phase",
            "form",
            "date",
            "participants",
            "organisations",
            "outcome",
            "cost",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "outcome": forms.Textarea(attrs={"rows": 3}),
            "organisations": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = OperationalGoal.objects.order_by("code")
        self.fields["initiative"].queryset = Initiative.objects.order_by("name")
        self.fields["organisations"].queryset = Organisation.objects.public().order_by("name")

    def clean(self):
        data = super().clean()
        if not data.get("goal") and not data.get("initiative"):
            self.add_error("goal", _("Kies een doel of een initiatief."))
        return data


class RecommendationForm(forms.Form):
    importance_votes = forms.IntegerField(
        label=_("Stemmen voor belang"), min_value=0, max_value=100, required=False
    )
    urgency_votes = forms.IntegerField(
        label=_("Stemmen voor urgentie"), min_value=0, max_value=100, required=False
    )
    goals = forms.ModelMultipleChoiceField(
        label=_("Komt terug in doelen"),
        required=False,
        queryset=OperationalGoal.objects.order_by("code"),
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )


class BudgetForm(forms.Form):
    year = forms.IntegerField(label=_("Jaar"), min_value=2020, max_value=2050)
    spuk_total = forms.DecimalField(
        label=_("IZA SPUK-middelen (euro)"),
        min_value=0,
        max_digits=14,
        decimal_places=2,
        help_text=_("Het hele bedrag dat de regio dit jaar uit de SPUK-regeling krijgt."),
    )
    reservation_percent = forms.DecimalField(
        label=_("Deel voor participatie (%)"),
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        initial=8,
        help_text=_("Het plan reserveert 8% voor participatie van inwoners."),
    )
