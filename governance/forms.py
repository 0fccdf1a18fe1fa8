from django import forms
from django.utils.translation import gettext_lazy as _

from monitoring.models import Kpi
from regioplan.models import OperationalGoal, Organisation

from .models import Action, PulseResponse, Story


def _goals():
    return OperationalGoal.objects.exclude(status=OperationalGoal.Status.ARCHIVED).order_by("code")


class StoryForm(forms.Form):
    goal = forms.ModelChoiceField(label=_("Over welk doel gaat uw verhaal?"), queryset=_goals())
    domain = forms.ChoiceField(
        label=_("Wat voor verandering is het?"),
        choices=Story.Domain.choices,
        widget=forms.RadioSelect,
    )
    title = forms.CharField(label=_("Titel"), max_length=150)
    what_changed = forms.CharField(
        label=_("Wat is er veranderd?"), max_length=3000, widget=forms.Textarea(attrs={"rows": 5})
    )
    for_whom = forms.CharField(
        label=_("Voor wie?"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    why_it_matters = forms.CharField(
        label=_("Waarom is dit belangrijk?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ResidentStoryForm(StoryForm):
    name = forms.CharField(
        label=_("Uw naam"),
        required=False,
        max_length=100,
        help_text=_("Alleen voor het programmateam. Uw naam komt nooit op de website."),
    )
    email = forms.EmailField(
        label=_("Uw e-mailadres"),
        required=False,
        help_text=_("Dan laten we weten of uw verhaal gekozen is, en waarom."),
    )
    consent = forms.BooleanField(
        label=_(
            "Ik geef toestemming om mijn verhaal zonder mijn naam op de website en in rapporten "
            "te gebruiken. Ik kan het altijd weer intrekken."
        )
    )


class ModerateForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=150)
    what_changed = forms.CharField(
        label=_("Wat is er veranderd?"), max_length=3000, widget=forms.Textarea(attrs={"rows": 4})
    )
    for_whom = forms.CharField(label=_("Voor wie?"), max_length=1000)
    why_it_matters = forms.CharField(
        label=_("Waarom is dit belangrijk?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    decision = forms.ChoiceField(
        label=_("Besluit"),
        choices=[("publiceren", _("Publiceren")), ("weigeren", _("Niet publiceren"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Toelichting (nodig bij niet publiceren)"), required=False)


class SelectForm(forms.Form):
    reason = forms.CharField(
        label=_("Waarom is dit het belangrijkste verhaal?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class VerifyForm(forms.Form):
    verified_by = forms.CharField(label=_("Nagegaan door"), max_length=200)
    how = forms.CharField(label=_("Hoe"), max_length=1000)


SCORES = [(n, str(n)) for n in range(1, 6)]


class PulseForm(forms.Form):
    remark = forms.CharField(
        label=_("Opmerking over de samenwerking"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Alleen het programmateam leest dit."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in PulseResponse.STATEMENTS:
            self.fields[name] = forms.TypedChoiceField(
                label=label,
                choices=SCORES,
                coerce=int,
                widget=forms.RadioSelect,
                help_text=_("1 = helemaal niet mee eens, 5 = helemaal mee eens"),
            )
        self.order_fields([name for name, _label in PulseResponse.STATEMENTS] + ["remark"])


def _short(goal) -> str:
    return f"{goal.code} {goal.title[:70]}"


class DecisionForm(forms.Form):
    quarter = forms.CharField(label=_("Kwartaal van de briefing"), max_length=6)
    decided_on = forms.DateField(
        label=_("Datum van het besluit"), widget=forms.DateInput(attrs={"type": "date"})
    )
    title = forms.CharField(label=_("Besluit"), max_length=200)
    text = forms.CharField(
        label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    goals = forms.ModelMultipleChoiceField(
        label=_("Doelen"),
        queryset=_goals(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    kpis = forms.ModelMultipleChoiceField(
        label=_("KPI's"),
        queryset=Kpi.objects.filter(is_demo=False, archived=False).order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    question = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goals"].label_from_instance = _short


class ActionForm(forms.Form):
    text = forms.CharField(label=_("Actie"), max_length=300, required=False)
    owner = forms.ModelChoiceField(
        label=_("Eigenaar"),
        queryset=Organisation.objects.public().filter(archived=False).order_by("name"),
        required=False,
    )
    due = forms.DateField(
        label=_("Klaar op"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


ActionFormSet = forms.formset_factory(ActionForm, extra=3, max_num=10)


class ActionProgressForm(forms.Form):
    status = forms.ChoiceField(label=_("Stand"), choices=Action.Status.choices)
    text = forms.CharField(
        label=_("Wat is er gebeurd?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class LessonForm(forms.Form):
    quarter = forms.CharField(label=_("Kwartaal"), max_length=6)
    title = forms.CharField(label=_("Titel"), max_length=200)
    text = forms.CharField(
        label=_("Wat hebben we geleerd en wat passen we aan?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    goals = forms.ModelMultipleChoiceField(
        label=_("Doelen"),
        queryset=_goals(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    stories = forms.ModelMultipleChoiceField(
        label=_("Verhalen"),
        queryset=Story.objects.published(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goals"].label_from_instance = _short
