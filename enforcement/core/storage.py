from django.contrib.staticfiles.storage import HashedFilesMixin

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Hashed, compressed static files; CSS references are rewritten, JS source-map comments are left alone
    (vendored minified libraries name .map files that are not shipped, which would fail collectstatic)."""

    patterns = tuple(pattern for pattern in HashedFilesMixin.patterns if pattern[0] == "*.css")
