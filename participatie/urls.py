from django.urls import path

from . import views

app_name = "participatie"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("inbreng/", views.input_create, name="input_create"),
    path("inbreng/bedankt/", views.thanks, name="thanks"),
    path("afmelden/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("moderatie/", views.moderation, name="moderation"),
    path("moderatie/<int:pk>/", views.moderation_detail, name="moderation_detail"),
    path("bewonersinitiatieven/", views.registry, name="registry"),
    path("bewonersinitiatieven/aanmelden/", views.initiative_propose, name="initiative_propose"),
    path(
        "bewonersinitiatieven/<int:pk>/beoordelen/",
        views.initiative_review,
        name="initiative_review",
    ),
    path("bewonersinitiatieven/<slug:slug>/", views.initiative_detail, name="initiative_detail"),
    path("momenten/nieuw/", views.moment_create, name="moment_create"),
    path("budget/", views.budget, name="budget"),
    path("aanbevelingen/", views.recommendations, name="recommendations"),
    path(
        "aanbevelingen/<int:number>/bewerken/",
        views.recommendation_edit,
        name="recommendation_edit",
    ),
]
