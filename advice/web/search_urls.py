from django.urls import path

from advice.web import i18n, search_views

app_name = "search"

urlpatterns = [
    path("", search_views.home, name="home"),
    path("search", search_views.search, name="search"),
    path("search/suggest", search_views.suggest, name="suggest"),
    path("language/<str:code>", i18n.language_switch, name="language"),
]
