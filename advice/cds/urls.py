"""CDS Hooks 2.0 endpoints (see advice.cds.views), included at the site root because the spec
fixes the discovery path as `{baseUrl}/cds-services` with no trailing slash."""

from django.urls import path

from advice.cds import guide
from advice.cds import views as cds_hooks

app_name = "cds"

urlpatterns = [
    path("integrators/cds-hooks", guide.cds_guide, name="guide"),
    path("cds-services", cds_hooks.DiscoveryApi.as_view(), name="discovery"),
    path("cds-services/<str:service_id>", cds_hooks.ServiceApi.as_view(), name="service"),
    path(
        "cds-services/<str:service_id>/feedback",
        cds_hooks.FeedbackApi.as_view(),
        name="feedback",
    ),
]
