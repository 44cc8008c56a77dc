"""Top-level URL configuration."""

from django.contrib import admin
from django.urls import include, path

from lactmed import views

admin.site.site_header = "LactRx curation"
admin.site.site_title = "LactRx curation"
admin.site.index_title = "Monographs and review"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("api/", include("advice.api.urls")),
    path("", include("advice.cds.urls")),
    path("", include("advice.web.search_urls")),
    path("", include("advice.web.urls")),
]

handler404 = "lactmed.views.page_not_found"
handler500 = "lactmed.views.server_error"
