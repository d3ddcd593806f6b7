"""The change log (``Change``) and the triggers that write it (``reporting/changes.py``): on
SQLite and PostgreSQL, on every table the rollup engine reads. Depends on the latest migration
of each watched app: the triggers name their tables and columns."""

from django.db import migrations, models

from trienkhai.reporting import changes


class Migration(migrations.Migration):

    dependencies = [
        ('reporting', '0001_initial'),
        ('core', '0008_data_flags'),
        ('units', '0006_person_left_on_idx'),
        ('resolutions', '0006_requirement_kind_dissemination'),
        ('study', '0005_report_copy_check_state'),
        ('programs', '0008_programcomment_sent_back'),
        ('inspections', '0001_initial'),
        ('outreach', '0002_asked_question'),
    ]

    operations = [
        migrations.CreateModel(
            name='Change',
            fields=[
                ('id', models.BigAutoField(primary_key=True, serialize=False)),
                ('unit_id', models.BigIntegerField()),
                ('plan_id', models.BigIntegerField(null=True)),
                ('scope', models.PositiveSmallIntegerField(choices=[(0, 'rows'), (1, 'unit'), (2, 'plan')], default=0)),
            ],
        ),
        migrations.RunPython(changes.install, changes.remove, elidable=False),
    ]
