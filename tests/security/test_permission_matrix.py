"""One permission matrix: every role against every write page and write API endpoint.

Every named URL must be either in WRITES (with its allowed roles) or in READS. A new view
without a row makes test_every_url_is_in_the_matrix fail.
"""

import pytest
from django.urls import URLResolver, get_resolver, reverse

from accounts.services import token_create
from monitoring import services as monitoring
from monitoring.models import Kpi, ProgressUpdate
from participatie.models import Input, ResidentInitiative
from regioplan.models import GoalOrganisation, OperationalGoal, Organisation

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "resident",
    "partner",
    "partner_b",
    "programme_team",
    "coordinator",
    "board",
    "admin_user",
]
TEAM = {"programme_team", "admin_user"}
MODERATORS = TEAM | {"coordinator"}
LOGGED_IN = set(ROLES) - {"anonymous"}


def w(
    method,
    url,
    allowed,
    data=None,
    denied=403,
    hidden=(),
    api=False,
    consumes=False,
    overrides=None,
):
    """A row: `allowed` roles succeed; others get `denied` (404 for roles in `hidden`),
    anonymous users go to the login page (pages) or get 401 (API). `consumes`: the first allowed
    role removes the object, so later allowed roles may find it gone (404)."""
    return {
        "method": method,
        "url": url,
        "allowed": set(allowed),
        "data": data or {},
        "denied": denied,
        "hidden": set(hidden),
        "api": api,
        "consumes": consumes,
        "overrides": overrides or {},
    }


def writes(ctx):
    goal = "2.1.1.A"
    NOT_TEAM_403 = {"programme_team": 403, "admin_user": 403}
    return {
        "regioplan:commitment_invite": [w("post", reverse("regioplan:commitment_invite"), TEAM)],
        "regioplan:monitoring_partner_set": [
            w("post", reverse("regioplan:monitoring_partner_set"), TEAM)
        ],
        # GGD Drenthe (partner) is a partner on 2.3.1.B: it may offer to lead it.
        "regioplan:commitment_offer": [
            w("post", reverse("regioplan:commitment_offer", args=["2.3.1.B"]), {"partner"})
        ],
        # An invitation to GGD Drenthe: only its people answer; the team may not, others do
        # not see it.
        "regioplan:commitment_answer": [
            w(
                "post",
                reverse("regioplan:commitment_answer", args=[ctx["invitation"]]),
                {"partner"},
                denied=404,
                overrides=NOT_TEAM_403,
            )
        ],
        "regioplan:commitment_withdraw": [
            w(
                "post",
                reverse("regioplan:commitment_withdraw", args=[ctx["withdrawable"]]),
                TEAM,
                denied=404,
                overrides={"partner": 403},
            )
        ],
        "regioplan:commitment_end": [
            w(
                "post",
                reverse("regioplan:commitment_end", args=[ctx["commitment"]]),
                TEAM | {"partner"},
            )
        ],
        "accounts:members": [w("post", reverse("accounts:members"), set(), denied=404)],
        "governance:story_tell": [
            w("post", reverse("governance:story_tell"), TEAM | {"partner", "partner_b"})
        ],
        "governance:story_tell_resident": [
            w("post", reverse("governance:story_tell_resident"), set(ROLES))
        ],
        "governance:story_moderation": [
            w("get", reverse("governance:story_moderation"), MODERATORS)
        ],
        "governance:story_moderate": [
            w("post", reverse("governance:story_moderate", args=[ctx["story_new"]]), MODERATORS)
        ],
        "governance:story_selection": [
            w("get", reverse("governance:story_selection"), TEAM | {"board"})
        ],
        "governance:story_shortlist": [
            w("post", reverse("governance:story_shortlist", args=[ctx["story"]]), TEAM)
        ],
        "governance:story_select": [
            w("post", reverse("governance:story_select", args=[ctx["story"]]), TEAM | {"board"})
        ],
        "governance:story_verify": [
            w("post", reverse("governance:story_verify", args=[ctx["story"]]), TEAM)
        ],
        "governance:decision_create": [
            w("post", reverse("governance:decision_create"), TEAM | {"board"})
        ],
        "governance:action_progress": [
            w(
                "post",
                reverse("governance:action_progress", args=[ctx["action"]]),
                TEAM | {"partner"},
            )
        ],
        "governance:lesson_list": [w("post", reverse("governance:lesson_list"), TEAM)],
        "accounts:staff_members": [
            w("post", reverse("accounts:staff_members"), {"admin_user"}, denied=404)
        ],
        "accounts:organisation_members": [
            w("post", reverse("accounts:organisation_members", args=["cosis"]), TEAM, denied=404)
        ],
        "accounts:member_deactivate": [
            w("post", reverse("accounts:member_deactivate", args=[ctx["leaver"]]), TEAM, denied=404)
        ],
        "accounts:invitation_withdraw": [
            w(
                "post",
                reverse("accounts:invitation_withdraw", args=[ctx["invitation_account"]]),
                TEAM,
                denied=404,
            )
        ],
        "regioplan:goal_create": [w("post", reverse("regioplan:goal_create"), TEAM)],
        "regioplan:goal_edit": [w("post", reverse("regioplan:goal_edit", args=[goal]), TEAM)],
        "regioplan:goal_archive": [
            w("post", reverse("regioplan:goal_archive", args=["2.3.3.C"]), TEAM)
        ],
        "regioplan:goal_add_organisation": [
            w("post", reverse("regioplan:goal_add_organisation", args=[goal]), TEAM)
        ],
        "regioplan:goal_remove_organisation": [
            w(
                "post",
                reverse("regioplan:goal_remove_organisation", args=["2.1.3.A", ctx["link"]]),
                TEAM,
                consumes=True,
            )
        ],
        "regioplan:goal_add_initiative": [
            w("post", reverse("regioplan:goal_add_initiative", args=[goal]), TEAM)
        ],
        "regioplan:organisation_create": [
            w("post", reverse("regioplan:organisation_create"), TEAM)
        ],
        "regioplan:organisation_edit": [
            w("post", reverse("regioplan:organisation_edit", args=["cosis"]), TEAM)
        ],
        "regioplan:organisation_archive": [
            w("post", reverse("regioplan:organisation_archive", args=["accare"]), TEAM)
        ],
        "regioplan:initiative_create": [w("post", reverse("regioplan:initiative_create"), TEAM)],
        "regioplan:initiative_edit": [
            w("post", reverse("regioplan:initiative_edit", args=["grolloozorgt"]), TEAM)
        ],
        "regioplan:initiative_archive": [
            w("post", reverse("regioplan:initiative_archive", args=["tza"]), TEAM)
        ],
        "accounts:profile": [w("post", reverse("accounts:profile"), LOGGED_IN, {"name": "x"})],
        "accounts:password_change": [w("get", reverse("accounts:password_change"), LOGGED_IN)],
        "two_factor_setup": [w("get", reverse("two_factor_setup"), LOGGED_IN)],
        "two_factor_verify": [w("get", reverse("two_factor_verify"), LOGGED_IN)],
        "accounts:password_change_done": [
            w("get", reverse("accounts:password_change_done"), LOGGED_IN)
        ],
        "accounts:token_revoke": [
            w(
                "post",
                reverse("accounts:token_revoke", args=[ctx["token"]]),
                {"programme_team"},
                hidden=LOGGED_IN - {"programme_team"},
            )
        ],
        "monitoring:my_goals": [w("get", reverse("monitoring:my_goals"), {"partner", "partner_b"})],
        "monitoring:update_start": [
            w(
                "post",
                reverse("monitoring:update_start", args=["2.3.1.B"]),
                {"partner"},
                {"period": "2026Q2"},
            )
        ],
        "monitoring:update_edit": [
            w(
                "get",
                reverse("monitoring:update_edit", args=[ctx["draft"]]),
                {"partner"},
                hidden={"partner_b"},
            )
        ],
        "monitoring:update_action": [
            w(
                "post",
                reverse("monitoring:update_action", args=[ctx["submitted"], "goedkeuren"]),
                TEAM,
                hidden={"partner_b", "resident", "coordinator", "board"},
            )
        ],
        "monitoring:review_queue": [w("post", reverse("monitoring:review_queue"), TEAM)],
        "monitoring:figure_create": [w("post", reverse("monitoring:figure_create"), TEAM)],
        "monitoring:figure_import": [w("post", reverse("monitoring:figure_import"), TEAM)],
        "monitoring:cbs_fetch": [w("post", reverse("monitoring:cbs_fetch"), TEAM)],
        "monitoring:report_list": [
            w("post", reverse("monitoring:report_list"), TEAM | {"board"}, {"kwartaal": "geen"})
        ],
        "participatie:input_create": [
            w(
                "post",
                reverse("participatie:input_create"),
                set(ROLES),
                {"kind": "question", "text": "Vraag"},
            )
        ],
        "participatie:initiative_propose": [
            w(
                "post",
                reverse("participatie:initiative_propose"),
                set(ROLES),
                {"name": "X", "kind": "other"},
            )
        ],
        "participatie:moderation": [w("get", reverse("participatie:moderation"), MODERATORS)],
        "participatie:moderation_detail": [
            w(
                "post",
                reverse("participatie:moderation_detail", args=[ctx["input"]]),
                MODERATORS,
                {"actie": "verbergen", "reason": "test"},
            )
        ],
        "participatie:initiative_review": [
            w(
                "post",
                reverse("participatie:initiative_review", args=[ctx["proposal"]]),
                MODERATORS,
                {"besluit": "afwijzen", "note": "test"},
            )
        ],
        "participatie:moment_create": [
            w("post", reverse("participatie:moment_create"), MODERATORS)
        ],
        "participatie:recommendation_edit": [
            w("post", reverse("participatie:recommendation_edit", args=[7]), TEAM)
        ],
        "api:operationeel-doel-list": [
            w("post", "/api/v1/operationele-doelen", TEAM, {}, api=True)
        ],
        "api:operationeel-doel-detail": [
            w("patch", f"/api/v1/operationele-doelen/{goal}", TEAM, {"doeljaar": 2026}, api=True),
            w("delete", "/api/v1/operationele-doelen/2.3.3.D", TEAM, api=True),
        ],
        "monitoring:kpi_create": [
            w(
                "post",
                reverse("monitoring:kpi_create"),
                TEAM,
                {
                    "name": "Nieuwe KPI",
                    "unit": "count",
                    "direction": "higher",
                    "kind": "raw",
                    "factor": "1",
                    "source": "partner",
                    "frequency": "yearly",
                    "level": "drenthe",
                    "aggregation": "none",
                    "streef-TOTAL_FORMS": "0",
                    "streef-INITIAL_FORMS": "0",
                },
            )
        ],
        "monitoring:kpi_edit": [
            w(
                "post",
                reverse("monitoring:kpi_edit", args=["roken-volwassenen"]),
                TEAM,
                {
                    "cbs_test": "1",
                    "source_table": "",
                    "streef-TOTAL_FORMS": "0",
                    "streef-INITIAL_FORMS": "0",
                },
            )
        ],
        "monitoring:wsjg_fetch": [
            w("post", reverse("monitoring:wsjg_fetch"), TEAM, {"first_year": "2021"})
        ],
        "monitoring:figure_review": [
            w("post", reverse("monitoring:figure_review"), TEAM, {"goedkeuren": "1"})
        ],
        "monitoring:target_coverage": [
            w(
                "post",
                reverse("monitoring:target_coverage"),
                TEAM,
                {"doel": "2.1.1.A", "streefcijfer": "50%", "reden": "Test"},
            )
        ],
        "monitoring:kpi_archive": [
            w(
                "post",
                reverse("monitoring:kpi_archive", args=["roken-zwangeren"]),
                TEAM,
                {"reason": "Test"},
            )
        ],
        "participatie:budget": [
            w(
                "post",
                reverse("participatie:budget"),
                TEAM,
                {"year": "2026", "spuk_total": "1000000", "reservation_percent": "8"},
            )
        ],
        "api:organisatie-list": [w("post", "/api/v1/organisaties", TEAM, {}, api=True)],
        "api:organisatie-detail": [
            w("patch", "/api/v1/organisaties/cosis", TEAM, {"sector": "VG"}, api=True),
            w("delete", "/api/v1/organisaties/vnn", TEAM, api=True),
        ],
        "api:initiatief-list": [w("post", "/api/v1/initiatieven", TEAM, {}, api=True)],
        "api:initiatief-detail": [
            w("patch", "/api/v1/initiatieven/tza", TEAM, {"beschrijving": "x"}, api=True),
            w("delete", "/api/v1/initiatieven/living-lab", TEAM, api=True),
        ],
        "api:meetwaarde-list": [
            # Partners may post figures, but only inside their own update: without one, 400 says so.
            w(
                "post",
                "/api/v1/meetwaarden",
                TEAM,
                {"kpi": "acp-ouderen", "periode": "2024", "waarde": "9"},
                api=True,
                overrides={"partner": 400, "partner_b": 400},
            ),
            w(
                "post",
                "/api/v1/meetwaarden",
                {"partner"},
                {
                    "kpi": "roken-volwassenen",
                    "periode": "2026",
                    "waarde": "9",
                    "voortgangsrapportage": ctx["draft"],
                },
                api=True,
            ),
        ],
        "api:meetwaarde-detail": [
            # Partners correct a value through a new update, not here.
            w(
                "patch",
                f"/api/v1/meetwaarden/{ctx['figure']}",
                TEAM,
                {"waarde": "500001", "reden": "Correctie"},
                api=True,
            )
        ],
        "api:meetwaarde-bulk": [
            w(
                "post",
                "/api/v1/meetwaarden/bulk",
                TEAM,
                [{"kpi": "acp-ouderen", "periode": "2024", "waarde": "9"}],
                api=True,
                overrides={"partner": 400, "partner_b": 400},  # they must name their own update
            ),
            w(
                "post",
                "/api/v1/meetwaarden/bulk",
                {"partner"},
                {
                    "voortgangsrapportage": ctx["draft"],
                    "meetwaarden": [{"kpi": "roken-volwassenen", "periode": "2026", "waarde": "9"}],
                },
                api=True,
            ),
        ],
        "api:voortgangsrapportage-list": [
            w(
                "post",
                "/api/v1/voortgangsrapportages",
                {"partner"},
                {"operationeel_doel": "2.3.1.B", "kwartaal": "2026Q1"},
                api=True,
            )
        ],
        "api:voortgangsrapportage-detail": [
            w(
                "patch",
                f"/api/v1/voortgangsrapportages/{ctx['draft']}",
                {"partner"},
                {"gedaan": "Bijgewerkt"},
                api=True,
                hidden={"partner_b"},
            )
        ],
    }


READS = {
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "healthz",
    "readyz",
    "login",
    "logout",
    "privacy",
    "audit_log",
    "accessibility",
    "api:openapi",
    "api_root",
    "sitemap",
    "api:docs",
    "api:regio-opgave-list",
    "api:regio-opgave-detail",
    "api:prioritair-thema-list",
    "api:prioritair-thema-detail",
    "api:strategisch-doel-list",
    "api:strategisch-doel-detail",
    "api:transformatieprogramma-list",
    "api:transformatieprogramma-detail",
    "api:gemeente-list",
    "api:gemeente-detail",
    "api:kpi-list",
    "api:kpi-detail",
    "api:meetwaarde-historie",
    "api:kpi-reeks",
    "api:verwijdering-list",
    "api:inbreng-list",
    "api:inbreng-detail",
    "api:bewonersinitiatief-list",
    "api:bewonersinitiatief-detail",
    "api:participatiemoment-list",
    "api:participatiemoment-detail",
    "api:aanbeveling-list",
    "api:aanbeveling-detail",
    "open_data",
    "open_data_catalogue",
    "api:kwartaalrapport-list",
    "api:kwartaalrapport-detail",
    "api:kwartaalrapport-download",
    "monitoring:dashboard",
    "monitoring:goal_monitoring",
    "monitoring:kpi_list",
    "monitoring:kpi_detail",
    "monitoring:update_detail",
    "monitoring:evidence_download",
    "monitoring:figure_list",
    "monitoring:report_status",
    "monitoring:report_download",
    "monitoring:municipality_profile",
    "monitoring:agreement_report",
    "participatie:overview",
    "participatie:thanks",
    "participatie:unsubscribe",
    "participatie:registry",
    "participatie:initiative_detail",
    "participatie:recommendations",
    "regioplan:overview",
    "regioplan:theme_detail",
    "regioplan:strategic_goal_detail",
    "regioplan:priority_theme_detail",
    "regioplan:goal_list",
    "regioplan:goal_detail",
    "regioplan:organisation_list",
    "regioplan:organisation_detail",
    "regioplan:initiative_list",
    "regioplan:initiative_detail",
    "regioplan:programme_list",
    "regioplan:commitment_overview",
    "accounts:invitation_accept",
    "governance:story_list",
    "governance:story_detail",
    "governance:story_withdraw",
    "governance:pulse",
    "governance:decision_list",
    "governance:decision_detail",
    "api:verhaal-list",
    "api:verhaal-detail",
    "api:besluit-list",
    "api:besluit-detail",
    "api:samenwerking-list",
    "api:toezegging-list",
    "api:toezegging-detail",
}


def all_url_names():
    def walk(patterns, ns=None):
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.app_name == "admin":
                    continue
                yield from walk(p.url_patterns, p.namespace or ns)
            elif p.name:
                yield f"{ns}:{p.name}" if ns else p.name

    return set(walk(get_resolver().url_patterns))


@pytest.fixture
def ctx(plan, partner, programme_team):
    goal = OperationalGoal.objects.get(code="2.3.1.B")
    GoalOrganisation.objects.create(goal=goal, organisation=partner.organisation, role="partner")
    draft = monitoring.update_start(
        goal=goal, organisation=partner.organisation, period="2026Q3", by=partner
    )
    monitoring.update_save(update=draft, by=partner, fields={"done": "x", "progress": "on_track"})
    sub = monitoring.update_start(
        goal=goal, organisation=partner.organisation, period="2026Q2", by=partner
    )
    monitoring.update_save(update=sub, by=partner, fields={"done": "x", "progress": "on_track"})
    monitoring.update_submit(update=ProgressUpdate.objects.get(pk=sub.pk), by=partner)
    item = Input.objects.create(kind="concern", text="x", may_publish=True)
    proposal = ResidentInitiative.objects.create(name="Voorstel", slug="voorstel")
    token, _ = token_create(user=programme_team, name="t")
    link = GoalOrganisation.objects.filter(goal__code="2.1.3.A").first()
    assert Kpi.objects.exists() and Organisation.objects.exists()
    figure = monitoring.figure_create(
        kpi=Kpi.objects.get(code="inwoners"),
        period="2024",
        municipality=None,
        value="500000",
        by=programme_team,
    )
    from accounts import members
    from accounts.models import Invitation
    from regioplan import commitments

    invitation, _skipped = commitments.commitment_invite(
        goals=[OperationalGoal.objects.get(code="2.1.1.A")],
        organisation=partner.organisation,
        role="partner",
        by=programme_team,
    )
    withdrawable, _skipped = commitments.commitment_invite(
        goals=[OperationalGoal.objects.get(code="2.1.1.B")],
        organisation=partner.organisation,
        role="partner",
        by=programme_team,
    )
    commitment = GoalOrganisation.objects.create(
        goal=OperationalGoal.objects.get(code="2.1.2.A"),
        organisation=partner.organisation,
        role="lead",
    )
    cosis = Organisation.objects.get(name="Cosis")
    leaver = type(partner).objects.create_user(username="vertrekker", organisation=cosis)
    members.member_invite(by=programme_team, organisation=cosis, email="nieuw@cosis.example")
    from governance import services as governance
    from governance.models import Action, Decision

    story = governance.story_tell(
        by=programme_team,
        goal=goal,
        domain="health",
        fields={"title": "t", "what_changed": "w", "for_whom": "f", "why_it_matters": "y"},
    )
    governance.story_moderate(story=story, by=programme_team, publish=True)
    story_new = governance.story_tell(
        by=programme_team,
        goal=goal,
        domain="health",
        fields={"title": "t2", "what_changed": "w", "for_whom": "f", "why_it_matters": "y"},
    )
    decision = Decision.objects.create(quarter="2026Q3", decided_on="2026-11-01", title="Besluit")
    action = Action.objects.create(
        decision=decision, text="Doen", owner=partner.organisation, due="2027-01-01"
    )
    return {
        "story": story.pk,
        "story_new": story_new.pk,
        "action": action.pk,
        "invitation": invitation[0].pk,
        "withdrawable": withdrawable[0].pk,
        "commitment": commitment.pk,
        "leaver": leaver.pk,
        "invitation_account": Invitation.objects.get().pk,
        "figure": figure.pk,
        "draft": draft.pk,
        "submitted": sub.pk,
        "input": item.pk,
        "proposal": proposal.pk,
        "token": token.pk,
        "link": link.pk,
    }


def test_every_url_is_in_the_matrix(ctx):
    names = all_url_names()
    listed = set(writes(ctx)) | READS
    assert not names - listed, (
        f"views without a row in the permission matrix: {sorted(names - listed)}"
    )
    assert not listed - names, (
        f"matrix rows for views that no longer exist: {sorted(listed - names)}"
    )


def test_permission_matrix(
    request, client, ctx, partner_b, resident, coordinator, board, admin_user
):
    failures = []
    for name, rows in writes(ctx).items():
        for row in rows:
            order = [r for r in ROLES if r not in row["allowed"]] + [
                r for r in ROLES if r in row["allowed"]
            ]
            for role in order:
                client.logout()
                if role != "anonymous":
                    client.force_login(request.getfixturevalue(role))
                send = getattr(client, row["method"])
                if row["api"]:
                    response = send(row["url"], row["data"], content_type="application/json")
                else:
                    response = send(row["url"], row["data"])
                status = response.status_code
                if role in row["allowed"]:
                    gone_ok = row["consumes"] and role != order[len(ROLES) - len(row["allowed"])]
                    ok = (status not in (401, 403, 404) or (gone_ok and status == 404)) and not (
                        status == 302 and reverse("login") in response.get("Location", "")
                    )
                elif role == "anonymous":
                    ok = (
                        status == 401
                        if row["api"]
                        else (
                            status in (302, 403)
                            and (status == 403 or reverse("login") in response["Location"])
                        )
                    )
                    if name in ("monitoring:update_action",):
                        ok = status == 403
                else:
                    expected = row["overrides"].get(
                        role, 404 if role in row["hidden"] else row["denied"]
                    )
                    ok = status == expected
                if not ok:
                    failures.append(f"{name} {row['method'].upper()} as {role}: {status}")
    assert not failures, "\n".join(failures)


@pytest.fixture
def resident(django_user_model):
    """A logged-in resident: an account without any role."""
    return django_user_model.objects.create_user(username="inwoner", password="pw")
