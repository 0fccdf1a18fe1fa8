"""Forms for monitoring. They collect input; services validate the rules and write."""

from functools import partial

from django import forms
from django.utils.translation import gettext_lazy as _

from regioplan.models import Municipality

from .models import Kpi, ProgressUpdate


class ProgressUpdateForm(forms.ModelForm):
    evidence = forms.FileField(
        label=_("Bewijsstuk toevoegen"),
        required=False,
        help_text=_(
            "PDF, afbeelding (PNG, JPG) of kantoordocument, maximaal 10 MB. Geen gegevens over de "
            "gezondheid van personen."
        ),
    )

    class Meta:
        model = ProgressUpdate
        fields = [
            "progress",
            "done",
            "next_steps",
            "obstacles",
            "resident_involvement",
            "board_question",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in ["done", "next_steps", "obstacles", "resident_involvement"]
        } | {"board_question": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # No status is chosen for the partner; a draft may be saved without one.
        self.fields["progress"].choices = [
            ("", _("Kies de voortgang")),
            *ProgressUpdate.Progress.choices,
        ]
        self.fields["progress"].help_text = _("Nodig om de rapportage in te dienen.")


def _from_choices(by_pk: dict, value):
    """Return the chosen object; a value that is not among the choices is an invalid choice."""
    try:
        return by_pk[str(value)]
    except KeyError:
        raise ValueError(value) from None  # TypedChoiceField reports it as an invalid choice


class FigureLineForm(forms.Form):
    """One KPI value in a progress update. The KPI and municipality choices are loaded once for
    the whole formset (see figure_line_formset), not once per line."""

    kpi = forms.TypedChoiceField(label=_("KPI"), required=False, empty_value=None)
    period = forms.CharField(
        label=_("Periode"), required=False, max_length=8, help_text=_("2025 of 2025Q3")
    )
    municipality = forms.TypedChoiceField(label=_("Gemeente"), required=False, empty_value=None)
    value = forms.CharField(label=_("Waarde"), required=False, max_length=30)

    def __init__(self, *args, kpis=(), municipalities=(), **kwargs):
        super().__init__(*args, **kwargs)
        for name, objects, empty in (
            ("kpi", kpis, "---------"),
            ("municipality", municipalities, _("Heel Drenthe")),
        ):
            by_pk = {str(obj.pk): obj for obj in objects}
            self.fields[name].choices = [
                ("", empty),
                *((pk, str(obj)) for pk, obj in by_pk.items()),
            ]
            self.fields[name].coerce = partial(_from_choices, by_pk)

    def line(self) -> dict | None:
        data = self.cleaned_data
        if not data.get("kpi") and not (data.get("value") or "").strip():
            return None
        return {
            "kpi": data.get("kpi"),
            "period": data.get("period"),
            "municipality": data.get("municipality"),
            "value": data.get("value"),
        }


FigureLineFormSet = forms.formset_factory(FigureLineForm, extra=2, max_num=60)


def figure_line_formset(data, *, kpis, figures) -> FigureLineFormSet:
    """The KPI lines of a progress update, prefilled with its saved figures."""
    initial = [
        {"kpi": f.kpi_id, "period": f.period, "municipality": f.municipality_id, "value": f.value}
        for f in figures
    ]
    return FigureLineFormSet(
        data,
        initial=initial,
        prefix="kpi",
        form_kwargs={
            "kpis": list(kpis),
            "municipalities": list(Municipality.objects.order_by("name")),
        },
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden van terugsturen"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class FigureForm(forms.Form):
    kpi = forms.ModelChoiceField(
        label=_("KPI"), queryset=Kpi.objects.filter(kind=Kpi.Kind.RAW).order_by("code")
    )
    period = forms.CharField(label=_("Periode"), max_length=8, help_text=_("2025 of 2025Q3"))
    municipality = forms.ModelChoiceField(
        label=_("Gemeente"),
        queryset=Municipality.objects.order_by("name"),
        required=False,
        empty_label=_("Heel Drenthe"),
    )
    value = forms.CharField(label=_("Waarde"), max_length=30)
    source_note = forms.CharField(label=_("Bron"), max_length=300, required=False)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Bestand (CSV of Excel)"),
        help_text=_("Kolommen: kpi, periode, gemeente, waarde, bron."),
    )


class CbsForm(forms.Form):
    kpi = forms.ModelChoiceField(
        label=_("KPI"), queryset=Kpi.objects.filter(kind=Kpi.Kind.RAW).order_by("code")
    )
    table = forms.CharField(
        label=_("CBS-tabel"), max_length=12, help_text=_("Bijvoorbeeld 85012NED")
    )
    measure = forms.CharField(
        label=_("Meetwaarde (sleutel)"),
        max_length=80,
        help_text=_("De sleutel uit de DataProperties van de tabel."),
    )
    first_year = forms.IntegerField(label=_("Vanaf jaar"), min_value=2000, max_value=2100)
    last_year = forms.IntegerField(label=_("Tot en met jaar"), min_value=2000, max_value=2100)

    def clean(self):
        data = super().clean()
        if (
            data.get("first_year")
            and data.get("last_year")
            and data["first_year"] > data["last_year"]
        ):
            self.add_error("last_year", _("Het laatste jaar ligt vóór het eerste jaar."))
        return data
