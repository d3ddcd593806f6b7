"""Chain the audit events written before the chain existed, in id order."""

from django.db import migrations

from trienkhai.core import auditchain


def chain_existing(apps, schema_editor):
    auditchain.rechain(apps.get_model("core", "AuditEvent"))


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_audit_chain_fields"),
    ]

    operations = [
        migrations.RunPython(chain_existing, migrations.RunPython.noop, elidable=False),
    ]
