"""How long importing a province's members takes (issue 18): 240,000 people from one file.

Usage, on a scratch database::

    TRIENKHAI_DATA_DIR=/tmp/import-scale uv run trienkhai migrate
    TRIENKHAI_DATA_DIR=/tmp/import-scale uv run python -m trienkhai.tooling.timing.imports \
        [--people 240000] [--format xlsx|csv] [--cells 9600] [--batches N]

It builds (once) a province of ``--cells`` party cells under 120 communes, writes a members
list of ``--people`` rows (a title row, the header, name, date of birth as text, gender, card
number, the cell's code) and times, through the import services as the page calls them:

* ``read``: the file read into rows (python-calamine, or the CSV reader);
* ``preview``: ``start_import`` — read, header found, every row cleaned and judged against
  the database, the file kept; nothing written;
* ``commit``: ``carry_out`` — the rows judged again and written in one transaction with one
  audit event;
* ``rerun``: the same file again in ``skip`` mode (every row found by its card number:
  nothing written);
* with ``--batches N``, N − 1 more files of as many people (other card numbers) previewed and
  committed one after the other, as the national import goes province by province.

Each phase prints its wall time and the process's CPU time (on a machine shared with other
work the CPU time is what the import itself costs). The file is written once and kept in the
data directory. The people are deleted at the end unless ``--keep``.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import io
import os
import random
import time
from pathlib import Path

import django


def build_tree(cells: int):
    from trienkhai.units.models import Unit

    code = f"IMP{cells}"
    root = Unit.objects.filter(code=code).first()
    if root is not None:
        return root
    root = Unit.objects.add_root(
        create_kwargs=dict(
            name="Tỉnh ủy Thử Nghiệm", code=code, kind="party_committee", level="province"
        )
    )
    communes = 120
    per = cells // communes
    for c in range(communes):
        root.refresh_from_db()
        commune = Unit.objects.add_child(
            root,
            create_kwargs=dict(
                name=f"Đảng ủy xã {c + 1}",
                code=f"{code}-{c + 1:03d}",
                kind="party_committee",
                level="commune",
            ),
        )
        for k in range(per):
            commune.refresh_from_db()
            Unit.objects.add_child(
                commune,
                create_kwargs=dict(
                    name=f"Chi bộ thôn {k + 1}",
                    code=f"{code}-{c + 1:03d}-{k + 1:02d}",
                    kind="party_cell",
                    level="grassroots",
                ),
            )
    return root


FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Ngọc", "Quang", "Xuân", "Thu"]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Giang",
    "Hà",
    "Hải",
    "Hoa",
    "Hùng",
    "Lan",
    "Long",
    "Mai",
    "Nam",
    "Nga",
    "Phương",
    "Quân",
    "Sơn",
    "Thảo",
    "Trang",
    "Tuấn",
]


def members(people: int, cell_codes: list[str], batch: int = 0) -> list[list[object]]:
    """``people`` rows spread over the cells; ``batch`` k gives other card numbers (another
    province's file of the national import)."""
    rnd = random.Random(18 + batch)
    rows = []
    for i in range(people):
        born = datetime.date(1940, 1, 1) + datetime.timedelta(days=rnd.randrange(0, 365 * 60))
        name = f"{rnd.choice(FAMILY)} {rnd.choice(MIDDLE)} {rnd.choice(GIVEN)}"
        rows.append(
            [
                i + 1,
                name,
                born.strftime("%d/%m/%Y"),
                rnd.choice(["Nam", "Nữ"]),
                f"{99 - batch:02d}.{i:07d}",
                cell_codes[i % len(cell_codes)],
            ]
        )
    return rows


HEADER = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số thẻ đảng viên", "Chi bộ"]


def write_file(rows: list[list[object]], fmt: str) -> bytes:
    if fmt == "csv":
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(HEADER)
        writer.writerows(rows)
        return text.getvalue().encode("utf-8-sig")
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["DANH SÁCH ĐẢNG VIÊN"])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=240_000)
    parser.add_argument("--cells", type=int, default=9_600)
    parser.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument(
        "--batches",
        type=int,
        default=1,
        help="files of --people rows each imported after the first, as the national import "
        "goes province by province: whether a batch costs more as the table grows",
    )
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trienkhai.settings")
    django.setup()
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection

    from trienkhai.imports import reader, services
    from trienkhai.units.models import Person, Unit

    settings.MAX_UPLOAD_MB = max(getattr(settings, "MAX_UPLOAD_MB", 20), 200)
    settings.MAX_UNCOMPRESSED_MB = max(getattr(settings, "MAX_UNCOMPRESSED_MB", 100), 1000)
    settings.MAX_ZIP_RATIO = max(getattr(settings, "MAX_ZIP_RATIO", 100), 1000)
    t = time.perf_counter()
    root = build_tree(args.cells)
    codes = list(
        Unit.objects.filter(path__prefix=root.path, kind="party_cell").values_list(
            "code", flat=True
        )
    )
    print(f"tree: {len(codes)} cells ({time.perf_counter() - t:.1f} s)", flush=True)
    cached = Path(settings.DATA_DIR) / f"members-{args.people}-{len(codes)}.{args.format}"
    if not cached.exists():
        cached.write_bytes(write_file(members(args.people, codes), args.format))
    data = cached.read_bytes()
    print(f"file: {args.people} rows, {len(data) / 1e6:.1f} MB {args.format} ({connection.vendor})")

    def timed(label, fn):
        # Wall time, and the process's CPU time: on a machine shared with other work the
        # CPU time is what the import itself cost.
        start, cpu = time.perf_counter(), time.process_time()
        result = fn()
        wall, used = time.perf_counter() - start, time.process_time() - cpu
        load = os.getloadavg()[0]
        print(f"{label:10} {wall:6.1f} s wall, {used:6.1f} s CPU (load {load:.1f})", flush=True)
        return result

    timed("read", lambda: reader.read(data, f"ds.{args.format}"))
    batch = timed(
        "preview",
        lambda: services.start_import(
            user=None,
            unit=root,
            kind="people",
            upload=SimpleUploadedFile(f"ds.{args.format}", data),
        ),
    )
    assert batch.counts.get("create") == args.people, batch.problems[:5]
    timed("commit", lambda: services.run_now(user=None, batch=batch))
    again = services.start_import(
        user=None, unit=root, kind="people", upload=SimpleUploadedFile(f"ds.{args.format}", data)
    )
    timed("rerun", lambda: services.run_now(user=None, batch=again))
    assert Person.objects.filter(unit__path__startswith=root.path).count() == args.people
    for k in range(1, args.batches):
        more = write_file(members(args.people, codes, batch=k), args.format)
        upload = SimpleUploadedFile(f"ds{k}.{args.format}", more)
        batch = timed(
            f"preview {k + 1}",
            lambda upload=upload: services.start_import(
                user=None, unit=root, kind="people", upload=upload
            ),
        )
        assert batch.counts.get("create") == args.people, batch.problems[:5]
        timed(f"commit {k + 1}", lambda batch=batch: services.run_now(user=None, batch=batch))
        total = Person.objects.filter(unit__path__startswith=root.path).count()
        print(f"         {total:,} people in the province's cells after batch {k + 1}", flush=True)
    if not args.keep:  # below the ORM: its delete collects 240,000 rows' relations first
        with connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM units_person WHERE unit_id IN "
                "(SELECT id FROM units_unit WHERE path LIKE %s)",
                [root.path + "%"],
            )


if __name__ == "__main__":
    main()
