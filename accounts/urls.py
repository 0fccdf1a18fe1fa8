from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.profile, name="profile"),
    path("tokens/<int:pk>/intrekken/", views.token_revoke, name="token_revoke"),
]
