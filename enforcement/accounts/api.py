from django.contrib.auth import authenticate
from django.utils.translation import gettext as _

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from enforcement.core.api import ScopedQuerysetMixin
from enforcement.core.throttling import ScopedRateThrottle

from . import access, otp, selectors, services
from .backends import refusal_message
from .lockout import lockout_message
from .models import DeviceToken, User
from .serializers import (
    AccountAssignInput,
    AccountCreateInput,
    AccountPasswordOutput,
    AccountReasonInput,
    AccountSerializer,
    MeSerializer,
    TokenRequestSerializer,
    TokenResponseSerializer,
    me_payload,
)


class TokenView(APIView):
    """POST: exchange username and password for a device token (PDA clients); locked after 5 failures.
    DELETE: revoke the token the request is authenticated with (log the device out)."""

    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"

    def _is_login(self):
        # self.request is None while drf-spectacular builds the schema.
        return getattr(self.request, "method", None) == "POST"

    def get_authenticators(self):
        if self._is_login():
            return []  # credentials are in the body; a stale token must not get in the way
        return super().get_authenticators()

    def get_permissions(self):
        if self._is_login():
            return [permissions.AllowAny()]
        return super().get_permissions()

    @extend_schema(request=TokenRequestSerializer, responses={200: TokenResponseSerializer}, auth=[])
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        # Passing the Django request lets django-axes count failures and lock the username.
        user = authenticate(request._request, username=data["username"], password=data["password"])
        if user is None:
            refused = refusal_message(request._request)  # the right password of a deactivated or locked account
            if refused is not None:
                return Response({"detail": refused}, status=status.HTTP_403_FORBIDDEN)
            detail = _("Wrong username or password. After 5 failures the account is locked for 30 minutes.")
            return Response({"detail": detail}, status=status.HTTP_401_UNAUTHORIZED)
        if user.password_expired():
            detail = _("Your password has expired: change it on the web site before signing in on a device.")
            return Response({"detail": detail}, status=status.HTTP_403_FORBIDDEN)
        if otp.required(user):
            refused = self._second_factor_refused(request, user, data.get("otp_token", "").strip())
            if refused is not None:
                return refused
        key, token = services.device_token_issue(user=user, device_name=data.get("device_name", ""))
        return Response({"token": key, "expires_at": token.expires_at}, status=status.HTTP_200_OK)

    @staticmethod
    def _second_factor_refused(request, user, code):
        """None when `code` passes the second factor; otherwise the 400 (or the lockout's 429). Every refusal
        counts as a failed login, so that the endpoint tells nobody for free that a password was right."""
        django_request = request._request
        if not user.otp_confirmed_at:
            otp.count_missing(request=django_request, user=user)
            message = _("Set up two-factor login on the web site first (log in there once), then enter its code "
                        "here.")
        elif not code:
            otp.count_missing(request=django_request, user=user)
            message = _("Enter the dynamic code of your authenticator app (or a recovery code).")
        elif otp.verify_for_token(request=django_request, user=user, token=code):
            return None
        else:
            message = _("Wrong or expired dynamic code. After 5 failures the account is locked for 30 minutes.")
        if getattr(django_request, "axes_locked_out", False):
            return Response({"detail": lockout_message()}, status=status.HTTP_429_TOO_MANY_REQUESTS)
        return Response({"otp_token": [message]}, status=status.HTTP_400_BAD_REQUEST)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request):
        if not isinstance(request.auth, DeviceToken):
            detail = _("This request is not signed with a device token; there is nothing to revoke.")
            return Response({"detail": detail}, status=status.HTTP_400_BAD_REQUEST)
        services.device_token_revoke(actor=request.user, token=request.auth)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(APIView):
    @extend_schema(responses=MeSerializer)
    def get(self, request):
        return Response(me_payload(request.user))


# ------------------------------------------------------------------------------------------------------------
# /api/v1/users/: account administration without a Django superuser (三员分立). Reads: system and security
# administrator (access.scope gives nobody else a row); each write its own permission, checked by the services.

class AccountPermission(permissions.BasePermission):
    message = _("Your role does not allow this action.")
    ACTIONS = {"list": "accounts.view", "retrieve": "accounts.view", "create": "accounts.manage",
               "deactivate": "accounts.manage", "assign": "accounts.security", "lock": "accounts.security",
               "unlock": "accounts.security", "reset_password": "accounts.security",  # nosec B105 - a permission name
               "reset_otp": "accounts.otp_reset"}

    def has_permission(self, request, view):
        return access.can(request.user, self.ACTIONS.get(view.action, "accounts.security"))


@extend_schema_view(list=extend_schema(parameters=[
    OpenApiParameter("q", str, description="part of the user name or display name"),
    OpenApiParameter("role", str, description="a role value, or '-' for accounts without a role"),
    OpenApiParameter("state", str, enum=["active", "locked", "inactive"])]))
class AccountViewSet(ScopedQuerysetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = User.objects.all()
    serializer_class = AccountSerializer
    permission_classes = [permissions.IsAuthenticated, AccountPermission]

    def get_queryset(self):
        params = self.request.query_params if self.action == "list" else {}
        return selectors.user_list(actor=self.request.user, q=params.get("q", "")[:150],
                                   role=params.get("role", "")[:32], state=params.get("state", "")[:16])

    def _answer(self, user, code=status.HTTP_200_OK):
        return Response(AccountSerializer(self.get_queryset().get(pk=user.pk)).data, status=code)

    @extend_schema(request=AccountCreateInput, responses={201: AccountSerializer})
    def create(self, request):
        data = AccountCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(services.user_create(actor=request.user, **data.validated_data), status.HTTP_201_CREATED)

    @extend_schema(request=AccountReasonInput, responses=AccountSerializer)
    @action(detail=True, methods=["post"])
    def deactivate(self, request, pk=None):
        user, data = self.get_object(), AccountReasonInput(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(services.user_deactivate(actor=request.user, user=user, **data.validated_data))

    @extend_schema(request=AccountAssignInput, responses=AccountSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        user, data = self.get_object(), AccountAssignInput(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(services.user_assign(actor=request.user, user=user, **data.validated_data))

    @extend_schema(request=AccountReasonInput, responses=AccountSerializer)
    @action(detail=True, methods=["post"])
    def lock(self, request, pk=None):
        user, data = self.get_object(), AccountReasonInput(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(services.user_lock(actor=request.user, user=user, **data.validated_data))

    @extend_schema(request=None, responses=AccountSerializer)
    @action(detail=True, methods=["post"])
    def unlock(self, request, pk=None):
        return self._answer(services.user_unlock(actor=request.user, user=self.get_object()))

    @extend_schema(request=AccountReasonInput, responses=AccountSerializer)
    @action(detail=True, methods=["post"], url_path="reset-otp", url_name="reset-otp")
    def reset_otp(self, request, pk=None):
        """Remove the account's TOTP device and recovery codes (a lost phone): it sets them up again at the next
        login (security administrator)."""
        from . import otp

        user, data = self.get_object(), AccountReasonInput(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(otp.reset(actor=request.user, user=user, **data.validated_data))

    @extend_schema(request=None, responses=AccountPasswordOutput)
    @action(detail=True, methods=["post"], url_path="reset-password", url_name="reset-password")
    def reset_password(self, request, pk=None):
        user, password = services.user_reset_password(actor=request.user, user=self.get_object())
        response = Response({"account": AccountSerializer(self.get_queryset().get(pk=user.pk)).data,
                             "temporary_password": password})
        response["Cache-Control"] = "no-store"
        return response


def register(router):
    router.register("users", AccountViewSet, basename="account")
    return []
