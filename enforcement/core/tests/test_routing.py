"""The API's URL patterns grouped by first segment (core.routing) resolve, reverse and describe exactly what the
flat list did."""

from django.urls import URLPattern, URLResolver, include, path
from django.urls.exceptions import NoReverseMatch
from django.urls.resolvers import RegexPattern

import pytest
from drf_spectacular.generators import SchemaGenerator

from enforcement import api_urls
from enforcement.core.routing import by_head


def _resolver(patterns):
    return URLResolver(RegexPattern(r"^"), patterns)


def _leaves(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _leaves(pattern.url_patterns)
        else:
            yield pattern


def _sample_paths(flat):
    """One path per named route of the flat list (every captured value "7", which each route's pattern takes)."""
    resolver, paths = _resolver(flat), []
    for pattern in flat:
        names = list(pattern.pattern.regex.groupindex)
        try:
            paths.append((pattern.name, names, resolver.reverse(pattern.name, **dict.fromkeys(names, "7"))))
        except NoReverseMatch:  # a converter that refuses "7"
            continue
    return paths


def test_every_api_route_resolves_to_the_same_view_and_arguments_as_the_flat_list():
    flat, grouped = _resolver(api_urls.flat_urlpatterns), _resolver(api_urls.urlpatterns)
    samples = _sample_paths(api_urls.flat_urlpatterns)
    assert len(samples) > 250
    for _name, _names, sample in samples:
        before, after = flat.resolve(sample), grouped.resolve(sample)
        assert (after.func, after.kwargs, after.url_name) == (before.func, before.kwargs, before.url_name), sample


def test_every_api_route_reverses_to_the_same_path():
    grouped = _resolver(api_urls.urlpatterns)
    for name, names, sample in _sample_paths(api_urls.flat_urlpatterns):
        assert grouped.reverse(name, **dict.fromkeys(names, "7")) == sample


def test_grouping_keeps_every_pattern_and_shortens_the_walk():
    leaves = list(_leaves(api_urls.urlpatterns))
    assert len(leaves) == len(api_urls.flat_urlpatterns)
    assert len(api_urls.urlpatterns) < 40 and all(isinstance(p, URLPattern) for p in leaves)


def test_a_pattern_without_a_head_keeps_its_place_between_same_head_patterns():
    from django.urls import re_path

    def view(request):
        raise AssertionError

    first, anywhere, second = (re_path(r"^a/(?P<x>[0-9]+)/$", view, name="first"),
                               re_path(r"^(?P<any>[^/]+)/(?P<x>[^/]+)/$", view, name="anywhere"),
                               re_path(r"^a/(?P<x>[^/]+)/$", view, name="second"))
    grouped = _resolver(by_head([first, anywhere, second]))
    assert grouped.resolve("a/1/").url_name == "first"
    assert grouped.resolve("a/b/").url_name == "anywhere"  # as the flat list: not "second"


@pytest.mark.django_db
def test_the_openapi_schema_is_the_same_as_from_the_flat_list():
    def schema(patterns):
        return SchemaGenerator(patterns=[path("api/v1/", include((patterns, "api")))]).get_schema(public=True)

    assert schema(api_urls.urlpatterns) == schema(api_urls.flat_urlpatterns)
