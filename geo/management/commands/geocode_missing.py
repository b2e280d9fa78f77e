"""Fill the coordinates of records that have an address and none (clues, cases, subjects), in batches.

    manage.py geocode_missing [--kind clue|case|subject] [--batch 500] [--limit N] [--offline]

Uses the configured geocoder (the gazetteer; the online one too when GEOCODER_URL and GEOCODER_KEY are set,
unless --offline). Each batch commits on its own and is audited; a rerun continues with what is still missing
(records the geocoder cannot place are looked at again on the next run, cheaply)."""

from django.core.management.base import BaseCommand, CommandError

from geo.locating import RECORDS, fill_missing, missing


class Command(BaseCommand):
    help = "Geocode clues, cases and subjects that have an address but no coordinates, in batches."

    def add_arguments(self, parser):
        parser.add_argument("--kind", choices=list(RECORDS), action="append",
                            help="only these records (repeatable; default all three)")
        parser.add_argument("--batch", type=int, default=500)
        parser.add_argument("--limit", type=int, default=None, help="at most this many records per kind")
        parser.add_argument("--offline", action="store_true", help="the gazetteer only, never the online geocoder")

    def handle(self, *args, kind=None, batch=500, limit=None, offline=False, **options):
        if batch < 1 or (limit is not None and limit < 1):
            raise CommandError("--batch and --limit must be positive.")
        for name in kind or list(RECORDS):
            total = missing(name).count()
            looked = found = 0
            after = 0
            while limit is None or looked < limit:
                size = batch if limit is None else min(batch, limit - looked)
                n, hit, after = fill_missing(name, batch=size, use_online=not offline, after=after)
                if not n:
                    break
                looked += n
                found += hit
            self.stdout.write(f"{name}: {total} without coordinates, {looked} looked at, {found} placed")
