from django.shortcuts import get_object_or_404, render

from .models import ActionCode


def verify_action_code(request, code):
    """Public: anyone holding a document can check its code. Shows no personal data."""
    action = get_object_or_404(ActionCode, code=code.strip().upper())
    return render(request, "core/verify.html", {"action": action})
