from django.urls import path

from . import views

app_name = "regioplan"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("opgaven/<str:code>/", views.theme_detail, name="theme"),
    path("strategische-doelen/<str:code>/", views.strategic_goal_detail, name="strategic_goal"),
    path("prioritaire-themas/<slug:slug>/", views.priority_theme_detail, name="priority_theme"),
    path("doelen/", views.goal_list, name="goal_list"),
    path("doelen/nieuw/", views.goal_create, name="goal_create"),
    path("doelen/<str:code>/", views.goal_detail, name="goal"),
    path("doelen/<str:code>/bewerken/", views.goal_edit, name="goal_edit"),
    path("doelen/<str:code>/archiveren/", views.goal_archive, name="goal_archive"),
    path(
        "doelen/<str:code>/organisaties/", views.goal_add_organisation, name="goal_add_organisation"
    ),
    path(
        "doelen/<str:code>/organisaties/<int:link_id>/verwijderen/",
        views.goal_remove_organisation,
        name="goal_remove_organisation",
    ),
    path("doelen/<str:code>/initiatieven/", views.goal_add_initiative, name="goal_add_initiative"),
    path("organisaties/", views.organisation_list, name="organisation_list"),
    path("organisaties/nieuw/", views.organisation_create, name="organisation_create"),
    path("organisaties/<slug:slug>/", views.organisation_detail, name="organisation"),
    path("organisaties/<slug:slug>/bewerken/", views.organisation_edit, name="organisation_edit"),
    path(
        "organisaties/<slug:slug>/archiveren/",
        views.organisation_archive,
        name="organisation_archive",
    ),
    path("initiatieven/", views.initiative_list, name="initiative_list"),
    path("initiatieven/nieuw/", views.initiative_create, name="initiative_create"),
    path("initiatieven/<slug:slug>/", views.initiative_detail, name="initiative"),
    path("initiatieven/<slug:slug>/bewerken/", views.initiative_edit, name="initiative_edit"),
    path(
        "initiatieven/<slug:slug>/archiveren/", views.initiative_archive, name="initiative_archive"
    ),
    path("transformatieprogrammas/", views.programme_list, name="programme_list"),
]
