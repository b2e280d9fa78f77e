"""Trigram GIN indexes for substring search on PostgreSQL; a no-op elsewhere (SQLite uses plain LIKE)."""

from django.db import migrations

INDEXES = {
    "catalog_item_search_text_trgm": "catalog_item USING gin (search_text gin_trgm_ops)",
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, spec in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {spec}")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):

    dependencies = [("catalog", "0002_item_search_importjob")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
