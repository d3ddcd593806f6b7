"""Tasks get a folded search key, so that a program is found by its tasks (issue 12)."""

from django.db import migrations, models


def derive(apps, schema_editor):
    """The key of every task already there, a batch at a time (a national database holds
    hundreds of thousands): the same rule as ``Task.derive_keys``."""
    from trienkhai.programs.models.task import task_search_key

    Task = apps.get_model("programs", "Task")
    batch = []
    for task in Task.objects.only("id", "title", "indicator").iterator(chunk_size=2000):
        task.search_key = task_search_key(task.title, task.indicator)
        batch.append(task)
        if len(batch) == 2000:
            Task.objects.bulk_update(batch, ["search_key"])
            batch = []
    if batch:
        Task.objects.bulk_update(batch, ["search_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0003_bounded_task_title_and_summary"),
    ]

    operations = [
        migrations.AddField(
            model_name="task",
            name="search_key",
            field=models.CharField(
                db_default="", db_index=True, default="", editable=False, max_length=600
            ),
        ),
        migrations.RunPython(derive, migrations.RunPython.noop),
    ]
