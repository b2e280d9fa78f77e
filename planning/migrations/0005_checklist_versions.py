from django.db import migrations, models


def series_from_code(apps, schema_editor):
    Checklist = apps.get_model("planning", "Checklist")
    Checklist.objects.update(series=models.F("code"))


class Migration(migrations.Migration):

    dependencies = [
        ("planning", "0004_zone_register"),
    ]

    operations = [
        migrations.AddField(
            model_name="checklist",
            name="series",
            field=models.SlugField(db_index=True, default="", max_length=40, verbose_name="checklist series"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="checklist",
            name="version",
            field=models.PositiveSmallIntegerField(default=1, verbose_name="version"),
        ),
        migrations.AddField(
            model_name="checklist",
            name="valid_from",
            field=models.DateField(blank=True, null=True, verbose_name="valid from"),
        ),
        migrations.AddField(
            model_name="checklist",
            name="retired_on",
            field=models.DateField(blank=True, null=True, verbose_name="retired on"),
        ),
        migrations.AddField(
            model_name="checklist",
            name="note",
            field=models.CharField(blank=True, max_length=300, verbose_name="change note"),
        ),
        migrations.RunPython(series_from_code, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="checklist",
            constraint=models.UniqueConstraint(fields=("series", "version"), name="checklist_series_version_unique"),
        ),
    ]
