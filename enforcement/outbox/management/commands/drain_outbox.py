from django.core.management.base import BaseCommand

from enforcement.outbox.services import drain


class Command(BaseCommand):
    help = "Publish the queued side effects (outbox) that are due; run after a broker outage or from cron."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=1000)

    def handle(self, *args, limit, **options):
        sent, pending = drain(limit=limit)
        self.stdout.write(f"sent {sent}, pending {pending}")
