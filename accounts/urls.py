from django.urls import path

from . import member_views, passwords, views

app_name = "accounts"

urlpatterns = [
    path("", views.profile, name="profile"),
    path("tokens/<int:pk>/intrekken/", views.token_revoke, name="token_revoke"),
    path("organisatie/", member_views.member_list, name="members"),
    path("medewerkers/", member_views.member_list, {"staff": True}, name="staff_members"),
    path(
        "organisaties/<slug:slug>/",
        member_views.member_list,
        name="organisation_members",
    ),
    path("accounts/<int:pk>/uitzetten/", member_views.member_deactivate, name="member_deactivate"),
    path(
        "uitnodigingen/<int:pk>/intrekken/",
        member_views.invitation_withdraw,
        name="invitation_withdraw",
    ),
    path("uitnodiging/<str:key>/", member_views.invitation_accept, name="invitation_accept"),
    path("wachtwoord/", passwords.password_change, name="password_change"),
    path("wachtwoord/gewijzigd/", passwords.password_change_done, name="password_change_done"),
    path("wachtwoord-vergeten/", passwords.password_reset, name="password_reset"),
    path(
        "wachtwoord-vergeten/verstuurd/",
        passwords.password_reset_done,
        name="password_reset_done",
    ),
    path(
        "wachtwoord-herstellen/<uidb64>/<token>/",
        passwords.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path(
        "wachtwoord-herstellen/klaar/",
        passwords.password_reset_complete,
        name="password_reset_complete",
    ),
]
