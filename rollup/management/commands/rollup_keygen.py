from django.core.management.base import BaseCommand

from rollup import signing


class Command(BaseCommand):
    help = "Make the Ed25519 signing key: the ROLLUP_SIGNING_KEY value, and the public key to register upstream."

    def handle(self, *args, **options):
        private, public = signing.generate()
        self.stdout.write("ROLLUP_SIGNING_KEY=" + private)
        self.stdout.write("")
        self.stdout.write(public)
