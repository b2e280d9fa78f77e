import random

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from assessment import demo as assessment_demo
from cases import demo as cases_demo
from catalog import demo as catalog_demo
from enforcement.accounts import demo as accounts_demo
from enforcement.reports import demo as reports_demo
from enforcement.workcalendar import demo as workcalendar_demo
from geo import demo as geo_demo
from intake import demo as intake_demo
from planning import demo as planning_demo
from townships import demo as townships_demo
from townships import qualification_demo

# Each app's demo module, in dependency order. Each `seed()` is idempotent.
DEMO_MODULES = [workcalendar_demo, townships_demo, catalog_demo, cases_demo, planning_demo, intake_demo, geo_demo,
                reports_demo, qualification_demo, assessment_demo, accounts_demo]


class Command(BaseCommand):
    help = "Build (or complete) the demo county: organisation, catalogue, cases and plans. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026, help="random seed for reproducible demo data")

    def handle(self, *args, seed, **options):
        if not settings.DEBUG:
            raise CommandError(_("Demo data is for development only: set DEBUG=1."))
        for module in DEMO_MODULES:
            with transaction.atomic():
                module.seed(stdout=self.stdout, rng=random.Random(seed))  # nosec B311 - demo data
        self.stdout.write(self.style.SUCCESS(_("Demo data ready.")))
