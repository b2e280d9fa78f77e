"""`manage.py benchmark [--only catalog,cases]`: run the registered benchmarks and print each measure
with its target and PASS/FAIL. Every benchmark runs in a transaction that is rolled back."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from enforcement.core.benchmarks import Context, discover


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Run performance benchmarks (rolled back afterwards) and print results against their targets."

    def add_arguments(self, parser):
        parser.add_argument("--only", default="", help="comma-separated benchmark names (default: all)")
        parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")

    def handle(self, *args, only, list, **options):
        registry = discover()
        if list:
            for name, bench in sorted(registry.items()):
                self.stdout.write(f"{name}: {bench.description}")
            return
        wanted = [name.strip() for name in only.split(",") if name.strip()] or sorted(registry)
        unknown = [name for name in wanted if name not in registry]
        if unknown:
            raise CommandError(f"Unknown benchmarks: {', '.join(unknown)}. Known: {', '.join(sorted(registry))}")
        failures = 0
        for name in wanted:
            bench = registry[name]
            self.stdout.write(self.style.MIGRATE_HEADING(f"== {name}: {bench.description}"))
            measures = []
            context = Context(self.stdout)
            if bench.prepare is not None:
                bench.prepare(context)
            try:
                with transaction.atomic():
                    measures = bench.run(context) or []
                    raise _Rollback
            except _Rollback:
                pass
            width = max([len(m.name) for m in measures] + [10])
            for measure in measures:
                verdict = measure.verdict
                style = {"PASS": self.style.SUCCESS, "FAIL": self.style.ERROR}.get(verdict, str)
                target = f"target {measure.target}" if measure.target else ""
                self.stdout.write(f"  {measure.name.ljust(width)}  {measure.value:>18}  {target:<24} "
                                  f"{style(verdict)}".rstrip())
                failures += verdict == "FAIL"
            self.stdout.write("  (rolled back)")
        if failures:
            raise CommandError(f"{failures} benchmark target(s) missed.")
