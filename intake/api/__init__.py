"""The intake API (see views.py)."""

from .views import register

__all__ = ["register"]
