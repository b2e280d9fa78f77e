from enforcement.accounts import access


def navigation(request):
    """Menu entries the current user may open; templates never test roles themselves."""
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {"nav_items": []}
    return {"nav_items": access.navigation_for(user)}
