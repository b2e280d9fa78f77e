"""The API throttles count in fixed windows with one cache operation per request (issue 14)."""

import os

from django.core.cache import caches
from django.test import RequestFactory, override_settings

import pytest
from rest_framework.request import Request

from enforcement.core import cache as fallback_cache
from enforcement.core.throttling import AnonRateThrottle, UserRateThrottle

LIVE_REDIS_URL = os.environ.get("REDIS_URL", "")
LOCAL = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "throttle-tests"}}


class Clock:
    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now


def anonymous_request(ip="10.1.2.3"):
    return Request(RequestFactory().get("/api/v1/catalog/items/", REMOTE_ADDR=ip))


def throttle(cls, clock, rate="3/min"):
    instance = cls()
    instance.rate = rate
    instance.num_requests, instance.duration = instance.parse_rate(rate)
    instance.timer = clock
    return instance


@pytest.fixture
def local_cache():
    with override_settings(CACHES=LOCAL):
        caches["default"].clear()
        yield caches["default"]


def test_the_rate_is_enforced_within_one_window(local_cache):
    clock = Clock(6000.0)  # the start of a one-minute window
    results = [throttle(AnonRateThrottle, clock).allow_request(anonymous_request(), None) for _ in range(4)]
    assert results == [True, True, True, False]


def test_the_wait_is_the_rest_of_the_window(local_cache):
    clock = Clock(6015.0)
    for _ in range(3):
        throttle(AnonRateThrottle, clock).allow_request(anonymous_request(), None)
    refused = throttle(AnonRateThrottle, clock)
    assert refused.allow_request(anonymous_request(), None) is False
    assert refused.wait() == pytest.approx(45.0)


def test_a_new_window_starts_a_new_count(local_cache):
    clock = Clock(6000.0)
    for _ in range(3):
        throttle(AnonRateThrottle, clock).allow_request(anonymous_request(), None)
    clock.now = 6060.0
    assert throttle(AnonRateThrottle, clock).allow_request(anonymous_request(), None) is True


def test_clients_are_counted_apart(local_cache):
    clock = Clock(6000.0)
    for _ in range(3):
        throttle(AnonRateThrottle, clock).allow_request(anonymous_request("10.0.0.1"), None)
    assert throttle(AnonRateThrottle, clock).allow_request(anonymous_request("10.0.0.2"), None) is True


@pytest.mark.django_db
def test_a_signed_in_user_is_counted_by_the_user_throttle_only(local_cache, make_user):
    from enforcement.accounts.models import Role

    request = anonymous_request()
    request.user = make_user(Role.STAFF)
    clock = Clock(6000.0)
    assert throttle(AnonRateThrottle, clock).allow_request(request, None) is True
    assert throttle(AnonRateThrottle, clock).get_cache_key(request, None) is None
    assert [throttle(UserRateThrottle, clock).allow_request(request, None) for _ in range(4)] == [
        True, True, True, False]


@pytest.mark.skipif(not LIVE_REDIS_URL, reason="needs REDIS_URL (make test sets it)")
def test_with_redis_one_counter_is_shared_by_every_worker_and_expires():
    config = {"BACKEND": "enforcement.core.cache.FallbackRedisCache", "LOCATION": LIVE_REDIS_URL,
              "KEY_PREFIX": "throttle-shared"}
    worker_a = fallback_cache.FallbackRedisCache(config["LOCATION"], config)
    worker_b = fallback_cache.FallbackRedisCache(config["LOCATION"], config)
    worker_a.delete("window:1")
    assert [worker_a.count("window:1", 61), worker_b.count("window:1", 61), worker_a.count("window:1", 61)] == [
        1, 2, 3]
    client = worker_a._cache.get_client("window:1")
    assert 0 < client.ttl(worker_a.make_and_validate_key("window:1")) <= 61


def test_with_redis_down_the_counter_counts_locally():
    dead = fallback_cache.FallbackRedisCache("redis://127.0.0.1:1/0", {})
    assert [dead.count("window:2", 61) for _ in range(3)] == [1, 2, 3]
    assert dead.in_fallback
