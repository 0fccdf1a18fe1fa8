"""Forms of the plan editor. They validate input; the services do the writing."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .codes import normalise_operational_code
from .models import (
    Agreement,
    GoalOrganisation,
    Initiative,
    OperationalGoal,
    Organisation,
    PriorityTheme,
    StrategicGoal,
    Theme,
)
from .services import validate_goal_code


class GoalForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=12, help_text=_("Bijvoorbeeld 2.1.1.A"))
    strategic_goal = forms.ModelChoiceField(
        label=_("Strategisch doel"), queryset=StrategicGoal.objects.none()
    )
    kind = forms.ChoiceField(label=_("Soort"), choices=OperationalGoal.Kind.choices)
    status = forms.ChoiceField(label=_("Status"), choices=OperationalGoal.Status.choices)
    title = forms.CharField(
        label=_("Korte titel"), max_length=500, help_text=_("De eerste zin van het doel.")
    )
    text = forms.CharField(label=_("Volledige tekst"), widget=forms.Textarea(attrs={"rows": 6}))
    bullets = forms.CharField(
        label=_("Toelichting"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Eén punt per regel."),
    )
    target_year = forms.IntegerField(
        label=_("Doeljaar"), required=False, min_value=2020, max_value=2050
    )
    target_year_undecided = forms.BooleanField(label=_("Jaar nog niet bepaald"), required=False)
    priority_themes = forms.ModelMultipleChoiceField(
        label=_("Prioritaire thema's"),
        queryset=PriorityTheme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    related_goals = forms.ModelMultipleChoiceField(
        label=_("Hangt samen met doelen"),
        queryset=OperationalGoal.objects.none(),
        required=False,
        # Checkboxes, not a multiple select: a plain click on a select drops every other
        # link, and a long select traps keyboard users.
        widget=forms.CheckboxSelectMultiple,
    )
    initiatives = forms.ModelMultipleChoiceField(
        label=_("Initiatieven"),
        queryset=Initiative.objects.none(),
        required=False,
        # Checkboxes, not a multiple select: a plain click on a select drops every other
        # link, and a long select traps keyboard users.
        widget=forms.CheckboxSelectMultiple,
    )
    agreements = forms.ModelMultipleChoiceField(
        label=_("Afspraken"),
        queryset=Agreement.objects.order_by("code"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("De afspraken waar dit doel aan bijdraagt."),
    )
    track = forms.ChoiceField(
        label=_("Spoor"), choices=OperationalGoal.Track.choices, required=False
    )
    reason = forms.CharField(
        label=_("Reden van de wijziging"),
        required=False,
        max_length=500,
        help_text=_("Komt in de geschiedenis van het doel."),
    )
    version = forms.IntegerField(label=_("Versie"), widget=forms.HiddenInput, required=False)

    def __init__(self, *args, plan, goal=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan, self.goal = plan, goal
        self.fields["strategic_goal"].queryset = StrategicGoal.objects.filter(plan=plan).order_by(
            "code"
        )
        self.fields["priority_themes"].queryset = PriorityTheme.objects.filter(plan=plan).order_by(
            "number"
        )
        goals = OperationalGoal.objects.filter(plan=plan).order_by("code")
        if goal is not None:
            goals = goals.exclude(pk=goal.pk)
        self.fields["related_goals"].queryset = goals
        self.fields["related_goals"].label_from_instance = lambda g: g.code
        self.fields["initiatives"].queryset = Initiative.objects.filter(archived=False).order_by(
            "name"
        )
        self.fields["strategic_goal"].label_from_instance = lambda sg: f"{sg.code} {sg.text[:80]}…"

    @classmethod
    def initial_for(cls, goal: OperationalGoal) -> dict:
        return {
            "code": goal.code,
            "strategic_goal": goal.strategic_goal_id,
            "kind": goal.kind,
            "status": goal.status,
            "title": goal.title,
            "text": goal.text,
            "bullets": "\n".join(goal.bullets),
            "target_year": goal.target_year,
            "target_year_undecided": goal.target_year_undecided,
            "priority_themes": [pt.pk for pt in goal.priority_themes.all()],
            "related_goals": [g.pk for g in goal.related_goals.all()],
            "initiatives": [i.pk for i in goal.initiatives.all()],
            "agreements": [a.pk for a in goal.agreements.all()],
            "track": goal.track,
            "version": goal.version,
        }

    def clean_code(self):
        return normalise_operational_code(self.cleaned_data["code"])

    def clean_bullets(self):
        return [
            line.strip(" •-\t")
            for line in self.cleaned_data["bullets"].splitlines()
            if line.strip(" •-\t")
        ]

    def clean(self):
        data = super().clean()
        if data.get("target_year") and data.get("target_year_undecided"):
            self.add_error(
                "target_year_undecided",
                _("Kies een doeljaar of vink 'jaar nog niet bepaald' aan, niet allebei."),
            )
        if data.get("code"):
            try:
                validate_goal_code(
                    plan=self.plan,
                    code=data["code"],
                    strategic_goal=data.get("strategic_goal"),
                    exclude_pk=self.goal.pk if self.goal is not None else None,
                )
            except ValidationError as exc:
                self.add_error(None, exc)
        if self.goal is not None and data.get("version") is None:
            raise ValidationError(
                _("Het formulier mist de versie van het doel. Laad de pagina opnieuw.")
            )
        return data

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data.pop("reason", None)
        return data


class GoalOrganisationForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisatie"),
        queryset=Organisation.objects.filter(archived=False).order_by("name"),
    )
    role = forms.ChoiceField(
        label=_("Rol"),
        choices=[(GoalOrganisation.Role.POTENTIAL_INITIATOR, _("Potentiële initiatiefnemer"))],
        help_text=_("Trekkers en partners nodigt u uit op de pagina Toezeggingen."),
    )


COMMITMENT_ROLES = [
    (GoalOrganisation.Role.LEAD, _("Trekker")),
    (GoalOrganisation.Role.PARTNER, _("Partner")),
]


class CommitmentInviteForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisatie"),
        queryset=Organisation.objects.public()
        .filter(archived=False, is_generic=False)
        .order_by("name"),
    )
    role = forms.ChoiceField(label=_("Rol"), choices=COMMITMENT_ROLES)
    goals = forms.ModelMultipleChoiceField(
        label=_("Doelen"),
        queryset=OperationalGoal.objects.exclude(status=OperationalGoal.Status.ARCHIVED).order_by(
            "code"
        ),
        help_text=_("Kies een of meer doelen."),
        # Checkboxes, not a multiple select: a plain click on a select drops every other
        # choice, and a long select traps keyboard users.
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goals"].label_from_instance = lambda g: f"{g.code} {g.title[:70]}"

    start_quarter = forms.CharField(
        label=_("Vanaf kwartaal"),
        required=False,
        max_length=6,
        help_text=_("Bijvoorbeeld 2027Q1. Leeg: het eerste kwartaal dat nog open is."),
    )
    note = forms.CharField(
        label=_("Toelichting voor de organisatie"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CommitmentOfferForm(forms.Form):
    role = forms.ChoiceField(label=_("Rol"), choices=COMMITMENT_ROLES)
    note = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CommitmentAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Antwoord"), choices=[("ja", _("Toezeggen")), ("nee", _("Afwijzen"))]
    )
    reason = forms.CharField(
        label=_("Reden (nodig als u afwijst)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CommitmentEndForm(forms.Form):
    end_quarter = forms.CharField(
        label=_("Laatste kwartaal"),
        required=False,
        max_length=6,
        help_text=_("Bijvoorbeeld 2027Q2. Leeg: het eerste kwartaal dat nog open is."),
    )
    reason = forms.CharField(label=_("Waarom stopt de toezegging?"), max_length=2000)


class MonitoringPartnerForm(forms.Form):
    theme = forms.ModelChoiceField(label=_("Regio-opgave"), queryset=Theme.objects.order_by("code"))
    organisation = forms.ModelChoiceField(
        label=_("Monitoringpartner"),
        queryset=Organisation.objects.public()
        .filter(archived=False, is_generic=False)
        .order_by("name"),
    )


class GoalInitiativeForm(forms.Form):
    initiative = forms.ModelChoiceField(
        label=_("Initiatief"), queryset=Initiative.objects.filter(archived=False).order_by("name")
    )


class OrganisationForm(forms.ModelForm):
    reason = forms.CharField(label=_("Reden van de wijziging"), required=False, max_length=500)

    class Meta:
        model = Organisation
        fields = ["name", "sector", "coalition", "is_generic", "municipality"]

    def service_fields(self) -> dict:
        return {f: self.cleaned_data[f] for f in self.Meta.fields}


class InitiativeForm(forms.ModelForm):
    reason = forms.CharField(label=_("Reden van de wijziging"), required=False, max_length=500)

    class Meta:
        model = Initiative
        fields = ["name", "description"]

    def service_fields(self) -> dict:
        return {f: self.cleaned_data[f] for f in self.Meta.fields}


class ArchiveForm(forms.Form):
    reason = forms.CharField(label=_("Reden"), required=False, max_length=500)
