"""The catalogue is read far more than written: turn off the GIN pending list (fastupdate) so that a bulk
import never leaves searches scanning an unmerged list. PostgreSQL only."""

from django.db import migrations


def fastupdate_off(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER INDEX IF EXISTS catalog_item_search_text_trgm SET (fastupdate = off)")


def fastupdate_on(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER INDEX IF EXISTS catalog_item_search_text_trgm RESET (fastupdate)")


class Migration(migrations.Migration):

    dependencies = [("catalog", "0004_importjob_document")]

    operations = [migrations.RunPython(fastupdate_off, fastupdate_on)]
