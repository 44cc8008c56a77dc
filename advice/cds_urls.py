"""CDS Hooks 2.0 endpoints, mounted at /cds-services (see advice.cds_hooks)."""

from django.urls import path

from advice import cds_hooks

app_name = "cds"

urlpatterns = [
    path("", cds_hooks.DiscoveryApi.as_view(), name="discovery"),
    path("/<str:service_id>", cds_hooks.ServiceApi.as_view(), name="service"),
]
