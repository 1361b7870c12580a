from django.db import migrations

OLD, NEW = "core.dutyrecord", "ledger.dutyrecord"


def relabel(apps, schema_editor):
    # Audit rows and messages name their object by app label; the ledger rows' label changed with the move.
    apps.get_model("core", "AuditEvent").objects.filter(object_type=OLD).update(object_type=NEW)
    apps.get_model("core", "Notification").objects.filter(source_type=OLD).update(source_type=NEW)


def unlabel(apps, schema_editor):
    apps.get_model("core", "AuditEvent").objects.filter(object_type=NEW).update(object_type=OLD)
    apps.get_model("core", "Notification").objects.filter(source_type=NEW).update(source_type=OLD)


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]

    operations = [migrations.RunPython(relabel, unlabel)]
