from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.generic import RedirectView, TemplateView

from accounts import twofactor
from accounts.forms import ThrottledAdminAuthenticationForm, ThrottledAuthenticationForm
from audit import views as audit
from gezondemarke import health
from gezondemarke.api_urls import api_root
from opendata import views as opendata
from opendata.sitemaps import SITEMAPS
from participatie import views as participatie_views

# The admin's own login counts failures with the portal's login (one lock for both).
admin.site.login_form = ThrottledAdminAuthenticationForm

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("readyz", health.readyz, name="readyz"),
    path(
        "inloggen/",
        auth_views.LoginView.as_view(authentication_form=ThrottledAuthenticationForm),
        name="login",
    ),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("inloggen/code/", twofactor.verify, name="two_factor_verify"),
    path("account/tweestapsverificatie/", twofactor.setup, name="two_factor_setup"),
    path("beheer/", admin.site.urls),
    path("api/v1", api_root, name="api_root"),
    path("api/v1/", RedirectView.as_view(url="/api/v1", permanent=True)),  # no trailing slashes
    path("api/v1/", include("gezondemarke.api_urls")),
    path("account/", include("accounts.urls")),
    path("monitoring/", include("monitoring.urls")),
    path("participatie/", include("participatie.urls")),
    path("privacy/", participatie_views.privacy, name="privacy"),
    path("audit/", audit.audit_log, name="audit_log"),
    path("open-data/", opendata.open_data, name="open_data"),
    path("open-data/catalogus.jsonld", opendata.open_data_catalogue, name="open_data_catalogue"),
    path(
        "toegankelijkheid/",
        TemplateView.as_view(template_name="toegankelijkheid.html"),
        name="accessibility",
    ),
    path("", include("governance.urls")),
    path("", include("regioplan.urls")),
]

handler400 = "gezondemarke.errors.bad_request"
handler403 = "gezondemarke.errors.permission_denied"
handler404 = "gezondemarke.errors.page_not_found"
handler500 = "gezondemarke.errors.server_error"
