from .models import DeviceToken


def device_tokens_of(*, user):
    """The device tokens a user holds (newest first), for the user's own devices page."""
    return DeviceToken.objects.filter(user=user).order_by("-created_at")
