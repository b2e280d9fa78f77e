from django.core.management.base import BaseCommand

from enforcement.accounts.models import Role
from enforcement.core.access_matrix import MATRIX, PUBLIC

METHOD_ORDER = ["GET", "POST", "PUT", "PATCH", "DELETE"]


class Command(BaseCommand):
    help = "Print the API access matrix (enforcement/core/access_matrix.py) as a Markdown table for review."

    def handle(self, *args, **options):
        roles = list(Role)
        self.stdout.write("| route | method | " + " | ".join(role.value for role in roles) + " | anonymous |")
        self.stdout.write("|---|---|" + "---|" * (len(roles) + 1))
        for name in sorted(MATRIX):
            methods = sorted(MATRIX[name], key=lambda m: METHOD_ORDER.index(m) if m in METHOD_ORDER else 99)
            for method in methods:
                cells = ["✓" if role in MATRIX[name][method] else "·" for role in roles]
                anonymous = "✓" if (name, method) in PUBLIC else "·"
                self.stdout.write(f"| `{name}` | {method} | " + " | ".join(cells) + f" | {anonymous} |")
