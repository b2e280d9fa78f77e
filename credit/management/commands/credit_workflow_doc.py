from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from credit.workflow import as_markdown

DOC_PATH = Path(settings.BASE_DIR) / "docs" / "credit-repair-workflow.md"


class Command(BaseCommand):
    help = "Write docs/credit-repair-workflow.md from the transition table in credit/workflow.py."

    def handle(self, *args, **options):
        DOC_PATH.write_text(as_markdown(), encoding="utf-8")
        self.stdout.write(str(DOC_PATH))
