"""The import pages' objects for the permission matrix (core/tests/matrix.py)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from trienkhai.imports import services
from trienkhai.imports.models import ImportBatch
from trienkhai.tooling.testing import Tree

from . import files


def previewed_import_of_commune_a(tree: Tree) -> ImportBatch:
    return services.start_import(
        user=tree.clerk_a,
        unit=tree.commune_a,
        kind="people",
        upload=SimpleUploadedFile("ds.xlsx", files.xlsx()),
    )


def done_import_of_commune_a(tree: Tree) -> ImportBatch:
    batch = previewed_import_of_commune_a(tree)
    services.carry_out(batch.pk, tree.clerk_a)
    batch.refresh_from_db()
    return batch


BY_MODEL = {ImportBatch: previewed_import_of_commune_a}
BY_NAME = {"imports:unit": lambda tree: tree.commune_a, "imports:undo": done_import_of_commune_a}
