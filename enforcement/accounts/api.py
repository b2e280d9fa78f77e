from django.contrib.auth import authenticate
from django.utils.translation import gettext as _

from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from . import services
from .serializers import MeSerializer, TokenRequestSerializer, TokenResponseSerializer


class TokenView(APIView):
    """Exchange username and password for a device token (PDA clients). Locked after 5 failures."""

    authentication_classes = []
    permission_classes = [permissions.AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"

    @extend_schema(request=TokenRequestSerializer, responses={200: TokenResponseSerializer}, auth=[])
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        # Passing the Django request lets django-axes count failures and lock the username.
        user = authenticate(request._request, username=data["username"], password=data["password"])
        if user is None:
            detail = _("Wrong username or password. After 5 failures the account is locked for 30 minutes.")
            return Response({"detail": detail}, status=status.HTTP_401_UNAUTHORIZED)
        key, token = services.device_token_issue(user=user, device_name=data.get("device_name", ""))
        return Response({"token": key, "expires_at": token.expires_at}, status=status.HTTP_200_OK)


class MeView(APIView):
    @extend_schema(responses=MeSerializer)
    def get(self, request):
        return Response(MeSerializer(request.user).data)
