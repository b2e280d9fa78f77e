"""The API's throttles: fixed-window counters, one cache round trip per request (issue 14's request floor).

DRF's throttles keep a sliding window as a list of every request's timestamp, read and written back whole on
each request: two Redis round trips and, for a busy client at the user rate (1,200 a minute), a pickled list of
up to 1,200 floats each way. A counter per client and window (`<scope>:<ident>:<window number>`, expiring with
its window) is one atomic increment. The price is the fixed window's edge: a client can send up to twice the
rate across a window boundary, which is acceptable for a cap against abuse (the login lockout is separate).
"""

from django.core.cache import cache

from rest_framework import throttling

from .cache import local_count


def _count(key, timeout):
    counter = getattr(cache, "count", None)
    return counter(key, timeout) if counter is not None else local_count(cache, key, timeout)


class WindowCountMixin:
    """allow_request()/wait() of SimpleRateThrottle, counting in fixed windows of the rate's duration."""

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        window = int(self.now // self.duration)
        self.window_ends = (window + 1) * self.duration
        # one second more than the window: the key must outlive the window it counts
        return _count(f"{self.key}:{window}", self.duration + 1) <= self.num_requests

    def wait(self):
        return max(0.0, self.window_ends - self.now)


class AnonRateThrottle(WindowCountMixin, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(WindowCountMixin, throttling.UserRateThrottle):
    pass


class ScopedRateThrottle(WindowCountMixin, throttling.ScopedRateThrottle):
    def allow_request(self, request, view):
        # DRF's scoped throttle learns its scope and rate from the view, then counts
        self.scope = getattr(view, self.scope_attr, None)
        if not self.scope:
            return True
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)
