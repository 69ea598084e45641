from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from api.api import api
from config.views import floor, healthz, readyz

# Staff sign in to the admin through the same allauth login (rate limits, verification).
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Club Innovation sociale — AR Hlm"
admin.site.site_title = "Club Innovation sociale"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    # The JSON API: one address per resource, whatever the reader's language.
    path("api/v1/", api.urls),
    path("", include("places.urls")),
    *([path("bench/floor", floor, name="bench-floor")] if settings.BENCH_FLOOR else []),
]
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("comptes/", include("allauth.urls")),
    path("", include("landlords.urls")),
    path("", include("clubs.urls")),
    path("", include("initiatives.urls")),
    path("", include("reports.urls")),
    path("", include("config.pages")),
    path("", include("notices.urls")),
    path("", include("news.urls")),
    path("", include("jobs.urls")),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
