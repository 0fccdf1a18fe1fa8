from django.urls import path

from .views import commitments, editing, objects, pages

app_name = "regioplan"

urlpatterns = [
    path("", pages.overview, name="overview"),
    path("opgaven/<str:code>/", pages.theme_detail, name="theme_detail"),
    path(
        "strategische-doelen/<str:code>/", pages.strategic_goal_detail, name="strategic_goal_detail"
    ),
    path(
        "prioritaire-themas/<slug:slug>/", pages.priority_theme_detail, name="priority_theme_detail"
    ),
    path("doelen/", pages.goal_list, name="goal_list"),
    path("doelen/nieuw/", editing.goal_create, name="goal_create"),
    path("doelen/<str:code>/", pages.goal_detail, name="goal_detail"),
    path("doelen/<str:code>/bewerken/", editing.goal_edit, name="goal_edit"),
    path("doelen/<str:code>/archiveren/", editing.goal_archive, name="goal_archive"),
    path(
        "doelen/<str:code>/organisaties/",
        editing.goal_add_organisation,
        name="goal_add_organisation",
    ),
    path(
        "doelen/<str:code>/organisaties/<int:link_id>/verwijderen/",
        editing.goal_remove_organisation,
        name="goal_remove_organisation",
    ),
    path(
        "doelen/<str:code>/initiatieven/", editing.goal_add_initiative, name="goal_add_initiative"
    ),
    path("doelen/<str:code>/aanbieden/", commitments.commitment_offer, name="commitment_offer"),
    path("toezeggingen/", commitments.commitment_overview, name="commitment_overview"),
    path("toezeggingen/uitnodigen/", commitments.commitment_invite, name="commitment_invite"),
    path(
        "toezeggingen/monitoringpartner/",
        commitments.monitoring_partner_set,
        name="monitoring_partner_set",
    ),
    path(
        "toezeggingen/<int:pk>/beantwoorden/",
        commitments.commitment_answer,
        name="commitment_answer",
    ),
    path(
        "toezeggingen/<int:pk>/intrekken/",
        commitments.commitment_withdraw,
        name="commitment_withdraw",
    ),
    path("toezeggingen/<int:pk>/beeindigen/", commitments.commitment_end, name="commitment_end"),
    path("organisaties/", pages.organisation_list, name="organisation_list"),
    path("organisaties/nieuw/", objects.organisation_create, name="organisation_create"),
    path("organisaties/<slug:slug>/", pages.organisation_detail, name="organisation_detail"),
    path("organisaties/<slug:slug>/bewerken/", objects.organisation_edit, name="organisation_edit"),
    path(
        "organisaties/<slug:slug>/archiveren/",
        objects.organisation_archive,
        name="organisation_archive",
    ),
    path("initiatieven/", pages.initiative_list, name="initiative_list"),
    path("initiatieven/nieuw/", objects.initiative_create, name="initiative_create"),
    path("initiatieven/<slug:slug>/", pages.initiative_detail, name="initiative_detail"),
    path("initiatieven/<slug:slug>/bewerken/", objects.initiative_edit, name="initiative_edit"),
    path(
        "initiatieven/<slug:slug>/archiveren/",
        objects.initiative_archive,
        name="initiative_archive",
    ),
    path("transformatieprogrammas/", pages.programme_list, name="programme_list"),
]
