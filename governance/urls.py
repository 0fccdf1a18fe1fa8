from django.urls import path

from . import views

app_name = "governance"

urlpatterns = [
    path("verhalen/", views.story_list, name="story_list"),
    path("verhalen/vertellen/", views.story_tell, name="story_tell"),
    path("verhalen/inwoner/", views.story_tell_resident, name="story_tell_resident"),
    path("verhalen/intrekken/<str:token>/", views.story_withdraw, name="story_withdraw"),
    path("verhalen/moderatie/", views.story_moderation, name="story_moderation"),
    path("verhalen/selectie/", views.story_selection, name="story_selection"),
    path("verhalen/<int:pk>/", views.story_detail, name="story_detail"),
    path("verhalen/<int:pk>/modereren/", views.story_moderate, name="story_moderate"),
    path("verhalen/<int:pk>/shortlist/", views.story_shortlist, name="story_shortlist"),
    path("verhalen/<int:pk>/kiezen/", views.story_select, name="story_select"),
    path("verhalen/<int:pk>/nagaan/", views.story_verify, name="story_verify"),
    path("samenwerking/", views.pulse, name="pulse"),
    path("besluiten/", views.decision_list, name="decision_list"),
    path("besluiten/nieuw/", views.decision_create, name="decision_create"),
    path("besluiten/<int:pk>/", views.decision_detail, name="decision_detail"),
    path("acties/<int:pk>/voortgang/", views.action_progress, name="action_progress"),
    path("geleerd/", views.lesson_list, name="lesson_list"),
]
