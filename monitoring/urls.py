from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("doelen/<str:code>/", views.goal_monitoring, name="goal"),
    path("kpis/", views.kpi_list, name="kpi_list"),
    path("kpis/nieuw/", views.kpi_create, name="kpi_create"),
    path("dekking/", views.target_coverage, name="coverage"),
    path("kpis/<slug:code>/", views.kpi_detail, name="kpi"),
    path("kpis/<slug:code>/bewerken/", views.kpi_edit, name="kpi_edit"),
    path("kpis/<slug:code>/archiveren/", views.kpi_archive, name="kpi_archive"),
    path("mijn-doelen/", views.my_goals, name="my_goals"),
    path("mijn-doelen/<str:code>/rapporteren/", views.update_start, name="update_start"),
    path("rapportages/<int:pk>/", views.update_detail, name="update"),
    path("rapportages/<int:pk>/bewerken/", views.update_edit, name="update_edit"),
    path("rapportages/<int:pk>/<slug:action>/", views.update_action, name="update_action"),
    path("beoordelen/", views.review_queue, name="review"),
    path("bewijsstukken/<int:pk>/", views.evidence_download, name="evidence"),
    path("meetwaarden/", views.figure_list, name="figure_list"),
    path("meetwaarden/nieuw/", views.figure_create, name="figure_create"),
    path("meetwaarden/importeren/", views.figure_import, name="figure_import"),
    path("meetwaarden/beoordelen/", views.figure_review, name="figure_review"),
    path("meetwaarden/cbs/", views.cbs_fetch, name="cbs"),
    path("meetwaarden/waarstaatjegemeente/", views.wsjg_fetch, name="wsjg"),
    path("kwartaalrapporten/", views.report_list, name="reports"),
    path("gemeenteprofiel/", views.municipality_profile, name="municipality_profile"),
    path("kwartaalrapporten/<int:pk>/status/", views.report_status, name="report_status"),
    path("kwartaalrapporten/<int:pk>/download/", views.report_download, name="report_download"),
]
