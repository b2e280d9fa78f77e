"""URL patterns grouped by their first path segment, so that resolving an API path does not walk them all.

Django resolves a path by trying every pattern of a list in order. The API's router gives one flat list of
~280 regex patterns (`^cases/$`, `^cases\\.(?P<format>…)`, `^cases/(?P<code>…)/$`, …), and a request for the
clue list tried some 200 of them first: 0.2–0.3 ms of every request on a 2-CPU host (issue 14). `by_head()`
puts the patterns that share a literal first segment and the separator after it ("head": `cases/`, or
`cases.` for the format suffixes) behind one `^head` resolver, and those behind one resolver per first
character: a path is tried against a few prefixes on each level instead of every pattern.

Nothing else changes: a path can only match patterns of its own head, the patterns of one head keep their
order, and a pattern without such a head (the API root, `path()` routes, a converter first) stays where it
was and closes the groups before it, so the first pattern to match is the one Django found before.
Reversing and the schema generator see the same URLs (tests compare every route both ways)."""

import re

from django.urls import URLPattern, URLResolver
from django.urls.resolvers import RegexPattern

# "^segment/" or "^segment\." (a format suffix)
_HEAD = re.compile(r"\^([A-Za-z0-9_-]+(?:/|\\\.))")


def _head(pattern):
    if not isinstance(pattern, URLPattern) or not isinstance(pattern.pattern, RegexPattern):
        return None
    found = _HEAD.match(str(pattern.pattern))
    return found.group(1) if found else None


def by_head(patterns):
    """`patterns` with each group of same-head regex patterns behind one resolver, and those groups behind one
    resolver per first character (see the module's doc): a path is tried against a dozen prefixes, not ~280
    patterns."""
    heads = _runs(patterns, _head, lambda pattern, head: _strip(pattern, head))
    letters = _runs(heads, lambda item: item[0][0] if isinstance(item, tuple) else None,
                    lambda item, letter: (item[0][len(letter):], item[1]))
    out = []
    for item in letters:
        if isinstance(item, tuple):
            letter, groups = item
            item = _resolver(letter, [_resolver(head, members) for head, members in groups])
        out.append(item)
    return out


def _runs(items, key_of, strip):
    """[item without a key | (key, [stripped items of that key])], each key's items in their order; an item
    without a key closes the groups before it, so that nothing moves across it."""
    out, open_groups = [], {}
    for item in items:
        key = key_of(item)
        if key is None:
            open_groups.clear()
            out.append(item)
            continue
        if key not in open_groups:
            open_groups[key] = []
            out.append((key, open_groups[key]))
        open_groups[key].append(strip(item, key))
    return out


def _strip(pattern, head):
    """The pattern without its leading "^head" (the group's resolver matches that part)."""
    regex = "^" + str(pattern.pattern)[len(head) + 1:]
    return URLPattern(RegexPattern(regex, name=pattern.pattern.name, is_endpoint=True), pattern.callback,
                      pattern.default_args, pattern.name)


def _resolver(prefix, patterns):
    return URLResolver(RegexPattern(f"^{prefix}"), patterns)
