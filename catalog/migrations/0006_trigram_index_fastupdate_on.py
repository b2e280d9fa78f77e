"""Back to GIN's pending list (fastupdate on, PostgreSQL's default): row-by-row index maintenance made
bulk imports twice as slow. Bulk writers call `catalog.services.items.flush_search_index()` instead,
which merges the pending list in one pass. PostgreSQL only."""

from django.db import migrations


def fastupdate_on(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER INDEX IF EXISTS catalog_item_search_text_trgm RESET (fastupdate)")


def fastupdate_off(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER INDEX IF EXISTS catalog_item_search_text_trgm SET (fastupdate = off)")


class Migration(migrations.Migration):

    dependencies = [("catalog", "0005_trigram_index_without_pending_list")]

    operations = [migrations.RunPython(fastupdate_on, fastupdate_off)]
