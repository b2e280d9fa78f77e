from django.core.management.base import BaseCommand

from enforcement.accounts.models import Role
from enforcement.core.access_matrix import MATRIX, PUBLIC
from enforcement.core.page_matrix import PAGE_MATRIX, PUBLIC_PAGES

METHOD_ORDER = ["GET", "POST", "PUT", "PATCH", "DELETE"]


class Command(BaseCommand):
    help = ("Print the API access matrix (enforcement/core/access_matrix.py), or with --pages the page matrix "
            "(enforcement/core/page_matrix.py), as a Markdown table for review.")

    def add_arguments(self, parser):
        parser.add_argument("--pages", action="store_true",
                            help="print the page routes (page_matrix.py) instead of the API routes")

    def handle(self, *args, pages=False, **options):
        if pages:
            self._table(PAGE_MATRIX, public=set())
            self.stdout.write("")
            self.stdout.write("Public pages (no sign-in):")
            self.stdout.write("")
            for name in sorted(PUBLIC_PAGES):
                self.stdout.write(f"- `{name}`: {PUBLIC_PAGES[name]}")
        else:
            self._table(MATRIX, public=PUBLIC)

    def _table(self, matrix, *, public):
        roles = list(Role)
        self.stdout.write("| route | method | " + " | ".join(role.value for role in roles) + " | anonymous |")
        self.stdout.write("|---|---|" + "---|" * (len(roles) + 1))
        for name in sorted(matrix):
            methods = sorted(matrix[name], key=lambda m: METHOD_ORDER.index(m) if m in METHOD_ORDER else 99)
            for method in methods:
                cells = ["✓" if role in matrix[name][method] else "·" for role in roles]
                anonymous = "✓" if (name, method) in public else "·"
                self.stdout.write(f"| `{name}` | {method} | " + " | ".join(cells) + f" | {anonymous} |")
