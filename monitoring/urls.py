from django.urls import path

from .views import dashboard, figures, kpis, reports, review, updates

app_name = "monitoring"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("doelen/<str:code>/", dashboard.goal_monitoring, name="goal_monitoring"),
    path("kpis/", kpis.kpi_list, name="kpi_list"),
    path("kpis/nieuw/", kpis.kpi_create, name="kpi_create"),
    path("dekking/", kpis.target_coverage, name="target_coverage"),
    path("kpis/<slug:code>/", kpis.kpi_detail, name="kpi_detail"),
    path("kpis/<slug:code>/bewerken/", kpis.kpi_edit, name="kpi_edit"),
    path("kpis/<slug:code>/archiveren/", kpis.kpi_archive, name="kpi_archive"),
    path("mijn-doelen/", updates.my_goals, name="my_goals"),
    path("mijn-doelen/<str:code>/rapporteren/", updates.update_start, name="update_start"),
    path("rapportages/<int:pk>/", updates.update_detail, name="update_detail"),
    path("rapportages/<int:pk>/bewerken/", updates.update_edit, name="update_edit"),
    path("rapportages/<int:pk>/<slug:action>/", updates.update_action, name="update_action"),
    path("beoordelen/", review.review_queue, name="review_queue"),
    path("bewijsstukken/<int:pk>/", updates.evidence_download, name="evidence_download"),
    path("meetwaarden/", figures.figure_list, name="figure_list"),
    path("meetwaarden/nieuw/", figures.figure_create, name="figure_create"),
    path("meetwaarden/importeren/", figures.figure_import, name="figure_import"),
    path("meetwaarden/beoordelen/", review.figure_review, name="figure_review"),
    path("meetwaarden/cbs/", figures.cbs_fetch, name="cbs_fetch"),
    path("meetwaarden/waarstaatjegemeente/", figures.wsjg_fetch, name="wsjg_fetch"),
    path("kwartaalrapporten/", reports.report_list, name="report_list"),
    path("gemeenteprofiel/", reports.municipality_profile, name="municipality_profile"),
    path("afspraakrapport/", reports.agreement_report, name="agreement_report"),
    path("kwartaalrapporten/<int:pk>/status/", reports.report_status, name="report_status"),
    path("kwartaalrapporten/<int:pk>/download/", reports.report_download, name="report_download"),
]
