from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from enforcement.audit.services import verify_chain


class Command(BaseCommand):
    help = "Verify the hash chain of the audit log; fails when a row was edited or removed."

    def handle(self, *args, **options):
        broken = verify_chain()
        if broken:
            raise CommandError(_("Audit chain broken at events: %(ids)s") % {"ids": broken[:50]})
        self.stdout.write(self.style.SUCCESS(_("Audit chain intact.")))
