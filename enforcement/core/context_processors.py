from enforcement.accounts import access, otp


def navigation(request):
    """Menu entries the current user may open; templates never test roles themselves."""
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {"nav_items": []}
    # is_verified comes from the OTP middleware (absent only for a bare RequestFactory request in a test).
    if otp.required(user) and not getattr(user, "is_verified", lambda: True)():
        return {"nav_items": [], "otp_pending": True}  # only the second-factor page and logging out open
    return {"nav_items": access.navigation_for(user)}
