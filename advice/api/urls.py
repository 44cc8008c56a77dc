"""URLs of the public JSON API, mounted at /api/ (versioned under v1/)."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from advice.api import views as apis

app_name = "api"

urlpatterns = [
    path("v1/drugs/", apis.DrugListApi.as_view(), name="drug-list"),
    path("v1/drugs/<slug:slug>/", apis.DrugDetailApi.as_view(), name="drug-detail"),
    path("v1/advice", apis.AdviceApi.as_view(), name="advice"),
    path("v1/advice/regimen", apis.AdviceRegimenApi.as_view(), name="advice-regimen"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's script from this origin (no inline script, no CDN),
    # which the Content Security Policy requires.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]
