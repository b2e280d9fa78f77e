def register(router):
    """Register this app's viewsets on the shared /api/v1/ router; return extra url patterns."""
    return []
