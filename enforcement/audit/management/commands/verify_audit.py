from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from enforcement.audit.checkpoints import verify_against_checkpoint, write_checkpoint
from enforcement.audit.services import verify_chain


class Command(BaseCommand):
    help = ("Verify the hash chain of the audit log and compare it with the last signed checkpoint; fails when "
            "a row was edited or removed, also at the end of the log.")

    def add_arguments(self, parser):
        parser.add_argument("--checkpoint", action="store_true",
                            help="after a successful check, write a new signed checkpoint of the head")

    def handle(self, *args, checkpoint=False, **options):
        problems = []
        broken = verify_chain()
        if broken:
            problems.append(_("Audit chain broken at events: %(ids)s") % {"ids": broken[:50]})
        problems += verify_against_checkpoint()
        if problems:
            raise CommandError("\n".join(problems))
        self.stdout.write(self.style.SUCCESS(_("Audit chain intact.")))
        if checkpoint:
            written = write_checkpoint()
            if written:
                self.stdout.write(_("Checkpoint written at event #%(id)d.") % {"id": written["last_id"]})
