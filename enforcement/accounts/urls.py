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

# Account administration (三员分立): system administrator and security administrator
urlpatterns += [
    path("users/", views.user_list, name="user_list"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:pk>/", views.user_detail, name="user_detail"),
    path("users/<int:pk>/deactivate/", views.user_deactivate, name="user_deactivate"),
    path("users/<int:pk>/assign/", views.user_assign, name="user_assign"),
    path("users/<int:pk>/lock/", views.user_lock, name="user_lock"),
    path("users/<int:pk>/unlock/", views.user_unlock, name="user_unlock"),
    path("users/<int:pk>/reset-otp/", views.user_otp_reset, name="user_otp_reset"),
    path("users/<int:pk>/reset-password/", views.user_reset_password, name="user_reset_password"),
    path("users/<int:pk>/devices/<str:prefix>/revoke/", views.user_token_revoke, name="user_token_revoke"),
]
