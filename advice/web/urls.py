from django.urls import path

from advice.web import views

app_name = "advice"

urlpatterns = [
    path("drugs/<slug:slug>/", views.drug_page, name="drug"),
    path("drugs/<slug:slug>/advice", views.verdict_page, name="verdict"),
    path("drugs/<slug:slug>/summary", views.summary_page, name="summary"),
    path("drugs/<slug:slug>/handout", views.handout_page, name="handout"),
    path("drugs/<slug:slug>/handout.pdf", views.handout_pdf, name="handout_pdf"),
    path("combinations/<str:slug>/", views.combination_page, name="combination"),
    path("combinations/<str:slug>/handout", views.combination_handout, name="combination_handout"),
    path("regimen/", views.regimen_page, name="regimen"),
]
