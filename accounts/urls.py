from django.urls import path

from . import two_factor_views

app_name = "two_factor"

urlpatterns = [
    path("", two_factor_views.verify, name="index"),
    path("verify/", two_factor_views.verify, name="verify"),
    path("enrol/", two_factor_views.enrol, name="enrol"),
    path("backup-codes/", two_factor_views.backup_codes, name="backup_codes"),
]
