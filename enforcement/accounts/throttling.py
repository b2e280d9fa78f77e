"""Per-address throttle of login attempts (SECURITY §3: throttling against lockout abuse).

The lockout (django-axes) counts failures per username; this caps how many usernames one address can
try, so that a single client cannot lock every account in the county by guessing.
"""

from django.conf import settings
from django.core.cache import cache


def login_attempt_allowed(ip):
    """Count one login attempt from `ip`; False once LOGIN_THROTTLE_PER_IP attempts fall in the window."""
    if not ip:
        return True
    key = f"login-attempts:{ip}"
    cache.add(key, 0, timeout=settings.LOGIN_THROTTLE_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=settings.LOGIN_THROTTLE_WINDOW_SECONDS)
        count = 1
    return count <= settings.LOGIN_THROTTLE_PER_IP
