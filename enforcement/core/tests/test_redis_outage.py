"""Redis down (SECURITY §25): throttles and caches fall back to a local cache with a logged warning."""

import logging
import os

from django.core.cache import caches
from django.test import override_settings
from django.urls import reverse

import pytest

from enforcement.accounts.models import Role
from enforcement.accounts.throttling import login_attempt_allowed
from enforcement.core import cache as fallback_cache

# Nothing listens on port 1: every connection is refused, as when Redis is stopped.
DEAD_REDIS = {"default": {"BACKEND": "enforcement.core.cache.FallbackRedisCache",
                          "LOCATION": "redis://127.0.0.1:1/0"}}
LIVE_REDIS_URL = os.environ.get("REDIS_URL", "")


@pytest.fixture
def dead_redis():
    with override_settings(CACHES=DEAD_REDIS):
        yield caches["default"]


def test_a_dead_redis_answers_from_the_local_cache_and_logs_one_warning(dead_redis, caplog):
    with caplog.at_level(logging.WARNING, logger="enforcement.cache"):
        dead_redis.set("k", 41)
        assert dead_redis.get("k") == 41
        assert dead_redis.add("n", 0) is True
        assert dead_redis.incr("n") == 1
    warnings = [r for r in caplog.records if r.name == "enforcement.cache"]
    assert len(warnings) == 1
    assert "local fallback" in warnings[0].getMessage()
    assert dead_redis.in_fallback


def test_after_the_retry_pause_redis_is_tried_again(dead_redis, monkeypatch):
    dead_redis.get("k")
    assert dead_redis.in_fallback
    monkeypatch.setattr(dead_redis, "_down_until", 0.0)
    assert not dead_redis.in_fallback


def test_the_login_throttle_keeps_counting_while_redis_is_down(dead_redis, settings):
    settings.LOGIN_THROTTLE_PER_IP = 2
    assert [login_attempt_allowed("10.0.0.1") for _ in range(3)] == [True, True, False]


@pytest.mark.django_db
def test_login_page_and_sign_in_work_while_redis_is_down(dead_redis, client, make_user, password):
    make_user(Role.STAFF, username="clerk")
    assert client.get(reverse("accounts:login")).status_code == 200
    response = client.post(reverse("accounts:login"), {"username": "clerk", "password": password})
    assert response.status_code == 302


@pytest.mark.django_db
def test_api_token_and_lists_answer_while_redis_is_down(dead_redis, api_client, make_user, password):
    from enforcement.accounts.tests.factories import second_factor_code

    clerk = make_user(Role.STAFF, username="clerk")
    response = api_client.post("/api/v1/auth/token/", {"username": "clerk", "password": password,
                                                        "otp_token": second_factor_code(clerk),
                                                        "device_name": "PDA"}, format="json")
    assert response.status_code in (200, 201), response.content
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert api_client.get("/api/v1/me/").status_code == 200
    assert api_client.get("/api/v1/catalog/items/", {"search": "道路"}).status_code == 200


@pytest.mark.skipif(not LIVE_REDIS_URL, reason="needs REDIS_URL (make test sets it)")
def test_with_redis_present_counts_are_shared_by_every_worker():
    """Two cache instances (two workers) see one count: the throttle counts per site, not per worker."""
    config = {"BACKEND": "enforcement.core.cache.FallbackRedisCache", "LOCATION": LIVE_REDIS_URL,
              "KEY_PREFIX": "issue18-shared"}
    worker_a = fallback_cache.FallbackRedisCache(config["LOCATION"], config)
    worker_b = fallback_cache.FallbackRedisCache(config["LOCATION"], config)
    worker_a.delete("hits")
    worker_a.add("hits", 0)
    worker_a.incr("hits")
    worker_b.incr("hits")
    assert worker_a.get("hits") == 2 and not worker_a.in_fallback
    worker_a.delete("hits")


@pytest.mark.skipif(not LIVE_REDIS_URL, reason="needs REDIS_URL (make test sets it)")
def test_with_redis_configured_the_default_cache_is_the_fallback_backend():
    assert isinstance(caches["default"], fallback_cache.FallbackRedisCache)
