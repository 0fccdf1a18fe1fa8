"""Every write to an audited model leaves a change record and moves updated_at.

The list of audited models comes from audit.registry, which the apps fill in their
AppConfig.ready(): a model registered later without a write path here fails the first test.
Each path is a way a user writes: a page's service, the Django admin, an import or a
connector, the plan loader, the API.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.test import RequestFactory

from audit import registry
from audit.models import ChangeRecord
from governance import services as governance
from monitoring import services
from monitoring.models import Figure, Kpi
from monitoring.reporting import builds
from monitoring.sources import cbs
from participatie import services as participation
from participatie.models import ParticipationMoment, Recommendation
from regioplan import commitments
from regioplan import services as plan_services
from regioplan.models import (
    Initiative,
    OperationalGoal,
    Organisation,
    PriorityTheme,
    StrategicGoal,
    Theme,
    TransformationProgramme,
)

pytestmark = pytest.mark.django_db
HOUR = dt.timedelta(hours=1)


def admin_change(client, obj, **changes):
    """Save `obj` through its Django admin change form, changing the given fields."""
    model_admin = admin.site._registry[type(obj)]
    request = RequestFactory().get("/")
    request.user = client.user
    form = model_admin.get_form(request, obj)(instance=obj)
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(getattr(v, "pk", v)) for v in value]
        else:
            data[name] = str(value)
    for formset, inline in model_admin.get_formsets_with_inlines(request, obj):
        fs = formset(instance=obj, queryset=inline.get_queryset(request))
        data.update({f"{fs.prefix}-{k}": v for k, v in fs.management_form.initial.items()})
        for i, inline_form in enumerate(fs.initial_forms):
            for name in inline_form.fields:
                value = inline_form[name].value()
                if value not in (None, False):
                    data[f"{fs.prefix}-{i}-{name}"] = str(getattr(value, "pk", value))
    for name, value in changes.items():
        data[name] = value
    opts = obj._meta
    response = client.post(f"/beheer/{opts.app_label}/{opts.model_name}/{obj.pk}/change/", data)
    assert response.status_code == 302, (
        getattr(response, "context_data", {}).get("adminform")
        and response.context_data["adminform"].form.errors
    )
    return type(obj).objects.get(pk=obj.pk)


@pytest.fixture
def admin_client_(client, admin_user):
    client.force_login(admin_user)
    client.user = admin_user
    return client


def _goal():
    return OperationalGoal.objects.get(code="2.3.1.B")


def _update(partner, team, goal, period="2026Q2", approve=False):
    update = services.update_start(
        goal=goal, organisation=partner.organisation, period=period, by=partner
    )
    kpi = Kpi.objects.get(code="roken-volwassenen")
    fields = {"progress": "on_track", "done": "Gedaan.", "next_steps": "Verder."}
    figures = [{"kpi": kpi, "period": "2026", "municipality": None, "value": "12"}]
    update = services.update_save(update=update, by=partner, fields=fields, figures=figures)
    update = services.update_submit(update=update, by=partner)
    if approve:
        update = services.update_approve(update=update, by=team)
    return update


def _invite(c):
    made, _skipped = commitments.commitment_invite(
        goals=[_goal()], organisation=Organisation.objects.get(name="Cosis"), role="lead", by=c.team
    )
    return made[0]


def _answered(c):
    link = _invite(c)
    user = c.partner
    user.organisation = link.organisation
    user.save()
    commitments.commitment_answer(link=link, by=user, accept=True)
    return link


def _ended(c):
    link = _answered(c)
    commitments.commitment_end(link=link, by=c.team, end_quarter="", reason="Gestopt")
    return link


STORY = {"title": "t", "what_changed": "w", "for_whom": "f", "why_it_matters": "y"}


def _story(c, publish=False):
    story = governance.story_tell(by=c.partner, goal=c.goal, domain="health", fields=STORY)
    return governance.story_moderate(story=story, by=c.team, publish=True) if publish else story


def _decision(c):
    return governance.decision_record(
        by=c.team,
        quarter="2026Q3",
        decided_on=dt.date(2026, 11, 1),
        title="Besluit",
        actions=[{"text": "Doen", "owner": c.partner.organisation, "due": dt.date(2027, 1, 1)}],
    )


# Each path: (description, function(ctx) -> the object it wrote).
WRITE_PATHS = {
    "regioplan.operationalgoal": [
        (
            "editor service",
            lambda c: plan_services.goal_update(
                goal=_goal(), by=c.team, expected_version=_goal().version, title="Nieuwe titel"
            ),
        ),
        ("django admin", lambda c: admin_change(c.admin, _goal(), title="Via beheer")),
        (
            "api",
            lambda c: c.api_patch(
                f"/api/v1/operationele-doelen/{_goal().code}",
                {"titel": "Via de API", "versie": _goal().version},
                _goal,
            ),
        ),
        (
            "initiator link",
            lambda c: (
                plan_services.goal_link_organisation(
                    goal=_goal(),
                    organisation=Organisation.objects.get(name="Cosis"),
                    role="potential_initiator",
                    by=c.team,
                ).goal
            ),
        ),
    ],
    "governance.story": [
        ("tell", _story),
        ("moderate", lambda c: _story(c, publish=True)),
        (
            "shortlist",
            lambda c: governance.story_shortlist(story=_story(c, publish=True), by=c.team),
        ),
        (
            "select",
            lambda c: governance.story_select(
                story=governance.story_shortlist(story=_story(c, publish=True), by=c.team),
                by=c.team,
                reason="Waarom",
            ),
        ),
        (
            "verify",
            lambda c: governance.story_verify(
                story=_story(c, publish=True), by=c.team, verified_by="Team", how="Gebeld"
            ),
        ),
    ],
    "governance.decision": [("record", _decision)],
    "governance.action": [
        (
            "progress",
            lambda c: governance.action_progress(
                action=_decision(c).actions.get(), by=c.partner, status="done", text="Klaar"
            ),
        )
    ],
    "governance.lesson": [
        (
            "write",
            lambda c: governance.lesson_write(
                by=c.team, quarter="2026Q3", title="Les", text="Geleerd", goals=[c.goal]
            ),
        )
    ],
    "regioplan.goalorganisation": [
        ("invitation", _invite),
        ("answer", lambda c: _answered(c)),
        (
            "offer",
            lambda c: commitments.commitment_offer(
                goal=OperationalGoal.objects.get(code="2.3.1.A"), role="partner", by=c.partner
            ),
        ),
        ("end", lambda c: _ended(c)),
        (
            "monitoring partner",
            lambda c: commitments.monitoring_partner_set(
                theme=Theme.objects.get(code="2.3"), organisation=c.partner.organisation, by=c.team
            ),
        ),
    ],
    "regioplan.strategicgoal": [
        ("django admin", lambda c: admin_change(c.admin, StrategicGoal.objects.first(), text="x"))
    ],
    "regioplan.theme": [
        ("django admin", lambda c: admin_change(c.admin, Theme.objects.first(), slogan="Samen"))
    ],
    "regioplan.prioritytheme": [
        (
            "django admin",
            lambda c: admin_change(c.admin, PriorityTheme.objects.first(), facilitator="GGD"),
        )
    ],
    "regioplan.transformationprogramme": [
        (
            "django admin",
            lambda c: admin_change(
                c.admin, TransformationProgramme.objects.first(), objective="Beter"
            ),
        )
    ],
    "regioplan.organisation": [
        (
            "editor service",
            lambda c: plan_services.organisation_update(
                organisation=Organisation.objects.get(name="Cosis"), by=c.team, sector="Zorg"
            ),
        ),
        (
            "django admin",
            lambda c: admin_change(
                c.admin, Organisation.objects.get(name="Cosis"), sector="Welzijn"
            ),
        ),
    ],
    "regioplan.initiative": [
        (
            "editor service",
            lambda c: plan_services.initiative_update(
                initiative=Initiative.objects.first(), by=c.team, description="Nieuw"
            ),
        ),
        (
            "django admin",
            lambda c: admin_change(c.admin, Initiative.objects.first(), description="Beheer"),
        ),
    ],
    "monitoring.kpi": [
        (
            "django admin",
            lambda c: admin_change(
                c.admin, Kpi.objects.get(code="roken-volwassenen"), definition="Aangepast"
            ),
        ),
        (
            "portal KPI editor",
            lambda c: services.kpi_update(
                kpi=Kpi.objects.get(code="roken-jongeren"), by=c.team, definition="Nieuw"
            ),
        ),
        (
            "portal archive",
            lambda c: services.kpi_archive(
                kpi=Kpi.objects.get(code="roken-zwangeren"), by=c.team, reason="Vervangen"
            ),
        ),
    ],
    "monitoring.unmeasuredtarget": [
        (
            "team marks a target not measurable",
            lambda c: services.unmeasured_mark(
                goal=c.goal, quantity="46%", reason="Geen Drentse bron", by=c.team
            ),
        )
    ],
    "monitoring.figure": [
        (
            "programme team entry",
            lambda c: services.figure_create(
                kpi=Kpi.objects.get(code="roken-volwassenen"),
                period="2025",
                municipality=None,
                value="14",
                by=c.team,
            ),
        ),
        ("cbs connector, new value", lambda c: c.cbs_import(50.1)),
        ("cbs connector, refreshed value", lambda c: c.cbs_refresh()),
        ("correction with a reason", lambda c: c.correction()),
        ("bulk load, new and corrected", lambda c: c.bulk_load()),
        (
            "approved update",
            lambda c: Figure.objects.get(update=_update(c.partner, c.team, c.goal, approve=True)),
        ),
    ],
    "monitoring.progressupdate": [
        ("partner submits", lambda c: _update(c.partner, c.team, c.goal)),
        (
            "team approves",
            lambda c: services.update_approve(
                update=_update(c.partner, c.team, c.goal, "2026Q1"), by=c.team
            ),
        ),
    ],
    "monitoring.quarterlyreport": [
        (
            "request",
            lambda c: builds.report_request(quarter="2026Q3", by=c.team, enqueue=False)[0],
        )
    ],
    "participatie.input": [
        (
            "resident submits",
            lambda c: participation.input_submit(
                ip="10.0.0.1", kind="suggestion", text="Meer bankjes", may_publish=True
            ),
        ),
        (
            "moderator publishes",
            lambda c: participation.input_publish(
                item=participation.input_submit(
                    ip="10.0.0.2", kind="suggestion", text="Meer bomen", may_publish=True
                ),
                by=c.team,
                public_text="Meer bomen",
            ),
        ),
        (
            "moderator answers",
            lambda c: participation.input_answer(
                item=c.old(c.published_input()), by=c.team, status="answered", answer="Dank u"
            ),
        ),
        (
            "moderator hides",
            lambda c: participation.input_hide(
                item=c.old(c.published_input()), by=c.team, reason="Bevat een naam"
            ),
        ),
    ],
    "participatie.residentinitiative": [
        (
            "coordinator reviews",
            lambda c: participation.initiative_review(
                item=participation.initiative_propose(
                    ip="10.0.0.3", name="Buurtmoestuin Zuid", kind="other"
                ),
                by=c.team,
                approve=True,
            ),
        )
    ],
    "participatie.recommendation": [
        (
            "team enters votes",
            lambda c: participation.recommendation_update(
                recommendation=Recommendation.objects.get(number=1),
                by=c.team,
                importance_votes=5,
                urgency_votes=3,
            ),
        )
    ],
    "participatie.participationbudget": [
        (
            "team records the budget",
            lambda c: participation.budget_save(
                by=c.team, year=2026, spuk_total=Decimal("1000000"), reservation_percent=8
            ),
        )
    ],
    "participatie.participationmoment": [
        (
            "coordinator records",
            lambda c: participation.moment_create(
                by=c.team,
                goal=c.goal,
                phase=ParticipationMoment.Phase.values[0],
                form=ParticipationMoment.Form.values[0],
                date=dt.date(2026, 5, 1),
                participants=12,
                outcome="Ideeën opgehaald.",
            ),
        )
    ],
}


class Context:
    def __init__(self, team, partner, goal, admin_client, client):
        self.team, self.partner, self.goal, self.admin = team, partner, goal, admin_client
        self.client = client

    def api_patch(self, url, body, refetch):
        from accounts.services import token_create

        _token, key = token_create(user=self.team, name="test")
        response = self.client.patch(
            url, body, content_type="application/json", HTTP_AUTHORIZATION=f"Token {key}"
        )
        assert response.status_code == 200, response.content
        return refetch()

    def old(self, obj):
        """Move the object's updated_at an hour back, so only the write under test counts."""
        type(obj).objects.filter(pk=obj.pk).update(updated_at=obj.updated_at - HOUR)
        obj.refresh_from_db()
        return obj

    def published_input(self):
        item = participation.input_submit(
            ip="10.0.0.9", kind="suggestion", text="Meer bankjes", may_publish=True
        )
        return participation.input_publish(item=item, by=self.team, public_text="Meer bankjes")

    def correction(self):
        figure = services.figure_create(
            kpi=Kpi.objects.get(code="roken-volwassenen"),
            period="2024",
            municipality=None,
            value="15",
            by=self.team,
        )
        figure, _changed = services.figure_correct(
            figure=self.old(figure), value="14.5", reason="Herziene cijfers", by=self.team
        )
        return figure

    def bulk_load(self):
        row = {"kpi": "roken-volwassenen", "periode": "2023", "waarde": "16"}
        services.figures_bulk_load([row], by=self.team)
        figure = self.old(Figure.objects.get(kpi__code="roken-volwassenen", period="2023"))
        services.figures_bulk_load([{**row, "waarde": "16.5"}], by=self.team, reason="Herzien")
        figure.refresh_from_db()
        assert figure.value == 16.5
        return figure

    def cbs_import(self, value):
        """Import one recorded CBS row (in CBS's response format) for Assen, 2024."""
        kpi = Kpi.objects.get(code="overgewicht-volwassenen")
        row = {"RegioS": "GM0106  ", "Perioden": "2024JJ00", "Overgewicht_4": value}
        cbs.import_cbs(
            kpi=kpi,
            table="85012NED",
            measure="Overgewicht_4",
            first_year=2024,
            last_year=2024,
            by=self.team,
            fetch=lambda url: {"value": [row]},
        )
        return Figure.objects.get(kpi=kpi, period="2024", municipality__cbs_code="GM0106")

    def cbs_refresh(self):
        first = self.cbs_import(50.1)
        ChangeRecord.objects.filter(object_id=first.pk).delete()  # only the refresh counts
        Figure.objects.filter(pk=first.pk).update(updated_at=first.updated_at - HOUR)
        return self.cbs_import(51.3)


def test_every_audited_model_has_its_write_paths_listed():
    audited = {m._meta.label_lower for m in registry.audited_models()}
    assert audited == set(WRITE_PATHS), "add the write paths of a newly audited model here"


CASES = [(label, name, fn) for label, paths in WRITE_PATHS.items() for name, fn in paths]


@pytest.mark.parametrize(
    "label,path,write", CASES, ids=[f"{label}:{name}" for label, name, _ in CASES]
)
def test_write_path_leaves_a_change_record_and_moves_updated_at(
    label, path, write, programme_team, partner, ggd_goal, admin_client_, client
):
    ctx = Context(programme_team, partner, ggd_goal, admin_client_, client)
    model = registry._AUDITED[label]
    before_ids = set(ChangeRecord.objects.values_list("pk", flat=True))
    started = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)

    obj = write(ctx)

    assert isinstance(obj, model), f"{path} returned {obj!r}"
    new = ChangeRecord.objects.exclude(pk__in=before_ids).filter(
        content_type=ContentType.objects.get_for_model(model), object_id=obj.pk
    )
    assert new.exists(), f"{label} written by {path} left no change record"
    if any(f.name == "updated_at" for f in model._meta.fields):
        obj.refresh_from_db()
        assert obj.updated_at >= started, f"{label} written by {path} kept an old updated_at"


def test_admin_delete_leaves_a_tombstone_record(admin_client_):
    organisation = Organisation.objects.create(name="Tijdelijk", slug="tijdelijk", sector="Test")
    response = admin_client_.post(
        f"/beheer/regioplan/organisation/{organisation.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    record = ChangeRecord.objects.get(object_id=organisation.pk, action=ChangeRecord.Action.DELETE)
    assert record.changes["name"] == ["Tijdelijk", None]


def test_a_stale_admin_goal_form_is_refused_and_changes_nothing(admin_client_, programme_team):
    goal = _goal()
    stale = goal.version
    plan_services.goal_update(
        goal=goal, by=programme_team, expected_version=stale, title="Eerst opgeslagen"
    )
    with pytest.raises(AssertionError):
        admin_change(admin_client_, goal, title="Te laat", expected_version=str(stale))
    assert OperationalGoal.objects.get(pk=goal.pk).title == "Eerst opgeslagen"


def test_admin_goal_edit_bumps_the_version_like_the_editor(admin_client_):
    goal = _goal()
    saved = admin_change(admin_client_, goal, title="Via beheer")
    assert saved.version == goal.version + 1
    assert saved.title == "Via beheer"
