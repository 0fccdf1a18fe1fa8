"""Forms for monitoring. They collect input; services validate the rules and write."""

from functools import partial

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from regioplan.models import Municipality

from .models import Kpi, KpiTarget, ProgressUpdate
from .services.kpis import KPI_FIELDS


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
    confirm_outlier = forms.BooleanField(
        label=_("Ik heb deze waarde gecontroleerd: ze klopt, ook al wijkt ze sterk af"),
        required=False,
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Bestand (CSV of Excel)"),
        help_text=_("Kolommen: kpi, periode, gemeente, waarde, bron. Hoogstens 5 MB."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.MONITORING_MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                _("Het bestand is te groot: hoogstens %(n)s MB.")
                % {"n": settings.MONITORING_MAX_IMPORT_BYTES // (1024 * 1024)}
            )
        return upload


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
    level = forms.ChoiceField(
        label=_("Niveau"),
        choices=[("gemeente", _("De 12 gemeenten")), ("wijk", _("De wijken van de 12 gemeenten"))],
        initial="gemeente",
        required=False,
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("first_year")
            and data.get("last_year")
            and data["first_year"] > data["last_year"]
        ):
            self.add_error("last_year", _("Het laatste jaar ligt vóór het eerste jaar."))
        return data


class KpiForm(forms.ModelForm):
    """A KPI's definition, source and thresholds; targets are a formset beside it."""

    code = forms.SlugField(
        label=_("Code"),
        max_length=60,
        help_text=_("Kort en vast, bijvoorbeeld roken-volwassenen. Later niet te wijzigen."),
    )

    class Meta:
        model = Kpi
        fields = ["code", *KPI_FIELDS, "goals"]  # the fields the services manage
        widgets = {
            "definition": forms.Textarea(attrs={"rows": 3}),
            "plan_quote": forms.Textarea(attrs={"rows": 3}),
            "source_note": forms.Textarea(attrs={"rows": 2}),
            "goals": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "source_table": _("Alleen bij CBS: het tabelnummer, bijvoorbeeld 85012NED."),
            "source_measure": _(
                "Alleen bij CBS: de sleutel van de meetwaarde. Onbekend? Vul de tabel in en "
                "kies 'Test de CBS-bron': u krijgt de lijst van de tabel."
            ),
        }

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["code"]
        others = Kpi.objects.filter(archived=False).order_by("name")
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        for name in ("numerator", "denominator", "weight"):
            self.fields[name].queryset = others
        self.fields["goals"].queryset = self.fields["goals"].queryset.order_by("code")
        self.fields["goals"].required = False

    def _post_clean(self):
        pass  # the service validates the whole KPI (with its targets) and shows its errors


class TargetForm(forms.Form):
    year = forms.IntegerField(label=_("Jaar"), min_value=2020, max_value=2050, required=False)
    comparator = forms.ChoiceField(
        label=_("Vergelijking"),
        required=False,
        choices=[("", _("volgt uit de richting")), *KpiTarget.Comparator.choices],
    )
    value = forms.DecimalField(
        label=_("Streefwaarde"), max_digits=16, decimal_places=4, required=False
    )
    upper_value = forms.DecimalField(
        label=_("Bovengrens (bij een bandbreedte)"), max_digits=16, decimal_places=4, required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("year") is None and data.get("value") is None:
            return data  # an empty row: no target
        if data.get("year") is None:
            self.add_error("year", _("Vul het jaar in."))
        if data.get("value") is None:
            self.add_error("value", _("Vul de streefwaarde in."))
        return data


TargetFormSet = forms.formset_factory(TargetForm, extra=2)


class ArchiveKpiForm(forms.Form):
    reason = forms.CharField(
        label=_("Waarom volgen we deze KPI niet meer?"), widget=forms.Textarea(attrs={"rows": 2})
    )


class WsjgForm(forms.Form):
    kpi = forms.ModelChoiceField(
        label=_("KPI"),
        queryset=Kpi.objects.exclude(wsjg_variable="").filter(archived=False).order_by("code"),
        help_text=_(
            "Alleen KPI's met een Waarstaatjegemeente-variabele (in te stellen bij de KPI)."
        ),
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
