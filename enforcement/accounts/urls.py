from django.urls import path

from . import otp_views, views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("devices/", views.device_list, name="devices"),
    path("devices/<str:prefix>/revoke/", views.device_revoke, name="device_revoke"),
    path("otp/", otp_views.manage, name="otp_manage"),
    path("otp/setup/", otp_views.setup, name="otp_setup"),
    path("otp/verify/", otp_views.verify, name="otp_verify"),
    path("otp/recovery-codes/", otp_views.regenerate_recovery_codes, name="otp_recovery_codes"),
]
