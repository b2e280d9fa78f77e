from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("devices/", views.device_list, name="devices"),
    path("devices/<str:prefix>/revoke/", views.device_revoke, name="device_revoke"),
]
