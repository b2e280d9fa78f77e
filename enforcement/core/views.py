from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.views.decorators.http import require_safe

from .models import ActionCode


def verify_action_code(request, code):
    """Public: anyone holding a document can check its code. Shows no personal data."""
    action = get_object_or_404(ActionCode, code=code.strip().upper())
    return render(request, "core/verify.html", {"action": action})


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links: send them to the site's (hashed) icon."""
    return redirect(static("favicon.svg"))
