"""An audit chain per block: every event and head row so far belongs to the chain "main".

Main-chain events hash exactly as before, so a log written before this migration still verifies.
SQLite rebuilds the events table to add the column, which drops its append-only triggers: they
are installed again (PostgreSQL keeps them across ALTER TABLE)."""

from importlib import import_module

from django.conf import settings
from django.db import migrations, models

guards = import_module("thidua.core.migrations.0002_audit_append_only")


def main_head(apps, schema_editor):
    """The main chain's head row exists from the start (pk 1 on a new database, as before)."""
    head = apps.get_model("core", "AuditChainHead")
    head.objects.get_or_create(chain="main", defaults={"seq": 0, "hash": "0" * 64})


def reinstall_guards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "sqlite" and settings.AUDIT_DB_GUARDS:
        with connection.cursor() as cursor:
            for sql in guards.SQLITE_DOWN:
                cursor.execute(sql)
        guards.install_guards(connection)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_version"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="auditevent",
            options={
                "ordering": ["-created_at", "-id"],
                "verbose_name": "audit event",
                "verbose_name_plural": "audit events",
            },
        ),
        migrations.AddField(
            model_name="auditchainhead",
            name="chain",
            field=models.CharField(default="main", max_length=64, unique=True),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="chain",
            field=models.CharField(
                db_index=True, default="main", max_length=64, verbose_name="chain"
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="seq",
            field=models.PositiveBigIntegerField(verbose_name="sequence"),
        ),
        migrations.AddConstraint(
            model_name="auditevent",
            constraint=models.UniqueConstraint(
                fields=("chain", "seq"), name="core_auditevent_chain_seq"
            ),
        ),
        migrations.RunPython(main_head, migrations.RunPython.noop),
        migrations.RunPython(reinstall_guards, migrations.RunPython.noop),
    ]
