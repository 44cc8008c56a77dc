from django.urls import path

from drugs import views

app_name = "drugs"

urlpatterns = [
    path("", views.home, name="home"),
    path("search", views.search, name="search"),
    path("search/suggest", views.suggest, name="suggest"),
]
