"""Demo: the calendar as the package knows it (no invented official data: 2027 stays uncovered until a notice
is imported, which the dashboard banner shows)."""

from django.utils.translation import gettext as _

from . import services


def seed(*, stdout, rng):
    added = services.seed_from_package()
    stdout.write(_("Holiday calendar: %(n)s years from the chinesecalendar package.") % {"n": len(added)})
