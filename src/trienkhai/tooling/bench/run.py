"""``trienkhai bench``: time the rollup, the dashboard and the reports on a known workload.

Each measurement calls its function once to warm up (that first call is kept: for a rollup it
is printed as ``<name>_first``, the "cold" figure — a fresh database connection, and with
``--drop-caches`` an emptied OS page cache), then ``runs`` times; the median is reported. A
rollup is timed beside its floor (``floor.py``: the same numbers from hand-written GROUP BY
queries) and the ratio printed. Peak memory is the process's ``ru_maxrss``; on Linux the
high-water mark is reset before each measurement (``/proc/self/clear_refs``), so each line
shows the peak of its own runs rather than of the workload build before it.

What it measures depends on what the code base has: the engine's uncached ``compute`` when
``reporting/engine.py`` provides it (before that, the interim rollup of
``resolutions.rollup.completeness`` + ``study.rollup.study_overview``), the dashboard when its
URL resolves, the Excel and Word reports when ``reporting.exports`` builds them. Anything
missing is reported as "not available", never guessed.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import json
import os
import resource
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from . import floor as floors
from .workload import Workload

# (scale, vendor) → name → (max seconds, max ratio to the floor)
TARGETS: dict[tuple[str, str], dict[str, tuple[float, float | None]]] = {
    ("province", "sqlite"): {
        "rollup_root": (1.0, 1.5),
        "dashboard_mid": (0.3, None),
        "dashboard_mid_fresh": (0.3, None),
        "report_xlsx_root": (5.0, None),
        "report_docx_root": (5.0, None),
    },
    ("national", "postgresql"): {
        "rollup_root_first": (10.0, None),
        "dashboard_mid": (0.3, None),
        "dashboard_root": (0.3, None),
    },
}
PEAK_TARGET_MIB = {"national": 2048}


class NotAvailable(Exception):
    """The code to measure is not in the code base yet."""


@dataclass
class Result:
    name: str
    runs: int
    median_s: float | None
    floor_median_s: float | None = None
    peak_rss_mib: float | None = None
    note: str = ""
    cpu_s: float | None = None  # median CPU time of this process (text table only)
    floor_cpu_s: float | None = None

    @property
    def cpu_ratio(self) -> float | None:
        if self.cpu_s is None or not self.floor_cpu_s:
            return None
        return self.cpu_s / self.floor_cpu_s

    @property
    def ratio(self) -> float | None:
        if self.median_s is None or not self.floor_median_s:
            return None
        return self.median_s / self.floor_median_s

    def as_json(self, scale: str, database: str) -> str:
        return json.dumps(
            {
                "name": self.name,
                "scale": scale,
                "database": database,
                "runs": self.runs,
                "median_s": _round(self.median_s),
                "floor_median_s": _round(self.floor_median_s),
                "ratio": _round(self.ratio, 3),
                "peak_rss_mib": _round(self.peak_rss_mib, 1),
            }
        )


def _round(value, digits=6):
    return None if value is None else round(value, digits)


# --- memory -------------------------------------------------------------------------------------


def reset_peak() -> None:
    """Free what can be freed and reset the kernel's high-water mark of this process's
    resident memory (Linux ≥ 4.0; elsewhere the peak stays the process's)."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


# --- what is measured --------------------------------------------------------------------------


def rollup_function() -> tuple[str, Callable]:
    """("rollup" and the engine's function) when the engine is there, else the interim."""
    try:
        from trienkhai.reporting import engine
    except ImportError:
        engine = None  # type: ignore[assignment]  # a checkout without the engine
    if engine is not None and hasattr(engine, "compute"):
        # Uncached: the cache would answer every run after the first in a millisecond.
        return "rollup", lambda plan, unit, as_of: engine.compute(plan, unit, as_of)
    from trienkhai.resolutions.rollup import completeness
    from trienkhai.study.rollup import study_overview

    def interim(plan, unit, as_of):
        return completeness(plan, unit, as_of), study_overview(plan, unit, as_of)

    return "interim_rollup", interim


#: The floor queries matching each rollup (the interim one has no program numbers): as of
#: today the engine reads the members' figures from the study tallies and the tasks' latest
#: reports from the tasks, and looks both up live (``_live``) when told to.
_ALL = ["obligations", "timeline", "sessions", "programs", "milestones", "reviews"]
FLOOR_QUERIES = {
    "rollup": [*_ALL, "tallies", "tasks_stored"],
    "rollup_live": [*_ALL, "people", "tasks"],
    "interim_rollup": ["obligations", "sessions", "people"],  # no program numbers, timeline
}


def _live(rollup, plan, unit, as_of):
    """``rollup`` with every member counted live rather than read from the study tallies."""
    from trienkhai.study.tallies import counted_live

    def call():
        with counted_live():
            return rollup(plan, unit, as_of)

    return call


def dashboard_url(plan, unit, as_of) -> str:
    """``/reporting/plans/<plan>/?unit=<unit>&as_of=dd/mm/yyyy``."""
    from urllib.parse import urlencode

    from django.urls import NoReverseMatch, reverse

    try:
        url = reverse("reporting:dashboard", args=[plan.pk])
    except NoReverseMatch:
        raise NotAvailable("no dashboard view (reporting:dashboard) yet") from None
    return f"{url}?{urlencode({'unit': unit.pk, 'as_of': as_of.strftime('%d/%m/%Y')})}"


def export_function(fmt: str, as_of) -> Callable:
    """``(plan, unit) -> bytes`` of the report, its rollup computed afresh (uncached)."""
    try:
        from trienkhai.reporting import engine, exports
    except ImportError as exc:
        raise NotAvailable(f"no reporting.exports yet ({exc})") from None
    build = getattr(exports, "build", None)
    if build is None:
        raise NotAvailable("reporting.exports has no build() yet")

    def call(plan, unit):
        fresh = engine.compute(plan, unit, as_of)
        return build(plan, unit, fmt, as_of, rollup=fresh).content

    return call


# --- the run ----------------------------------------------------------------------------------


class Bench:
    def __init__(self, workload: Workload, *, runs: int, out, drop_caches: bool = False):
        from django.utils import timezone

        from trienkhai.units.models import Unit

        self.w, self.runs, self.out, self.drop_caches = workload, runs, out, drop_caches
        self.plan, self.root = workload.plan, workload.root
        self.as_of = timezone.localdate()
        self.mid = (
            Unit.objects.filter(
                path__prefix=self.root.path, kind="party_committee", level="commune"
            )
            .order_by("path")
            .first()
        ) or self.root
        self.results: list[Result] = []

    # timing

    def _time(self, func, floor=None) -> dict[str, float]:
        """The first call of ``func``, then ``runs`` calls: their median wall and CPU seconds
        (CPU of this process: on a busy machine the steadier figure; on PostgreSQL it leaves
        out the server's share) and the peak MiB. With ``floor``, each call of ``func`` is
        followed by one of ``floor``, so that both see the same load."""
        reset_peak()
        started = time.perf_counter()
        func()
        out = {"first": time.perf_counter() - started}
        if floor is not None:
            floor()
        timed = {"": func, "floor_": floor} if floor is not None else {"": func}
        wall: dict[str, list] = {k: [] for k in timed}
        cpu: dict[str, list] = {k: [] for k in timed}
        for _ in range(self.runs):
            for key, call in timed.items():
                started, started_cpu = time.perf_counter(), time.process_time()
                call()
                wall[key].append(time.perf_counter() - started)
                cpu[key].append(time.process_time() - started_cpu)
        for key in timed:
            out[f"{key}median"] = statistics.median(wall[key])
            out[f"{key}cpu"] = statistics.median(cpu[key])
        out["peak"] = peak_mib()
        return out

    def _cold(self) -> None:
        """A fresh database connection, and the OS page cache emptied when asked (root)."""
        from django.db import connection

        if not connection.in_atomic_block:  # a test's transaction must stay open
            connection.close()
        if self.drop_caches:
            try:
                os.sync()
                with open("/proc/sys/vm/drop_caches", "w") as f:
                    f.write("3")
            except OSError as exc:
                self.out(f"(could not drop the page cache: {exc})")

    def add(self, name: str, func, *, floor_prepared=None, first_too=False) -> None:
        try:
            func = func()  # resolve what to call; NotAvailable when it is not there
        except NotAvailable as exc:
            self.results.append(Result(name, 0, None, note=f"not available: {exc}"))
            return
        if first_too:
            self._cold()
        floor = (lambda: floors.run(floor_prepared)) if floor_prepared is not None else None
        t = self._time(func, floor)
        if first_too:
            self.results.append(Result(f"{name}_first", 1, t["first"], peak_rss_mib=t["peak"]))
        self.results.append(
            Result(
                name,
                self.runs,
                t["median"],
                t.get("floor_median"),
                t["peak"],
                cpu_s=t["cpu"],
                floor_cpu_s=t.get("floor_cpu"),
            )
        )

    def measure(self) -> list[Result]:
        kind, rollup = rollup_function()
        queries = FLOOR_QUERIES[kind]
        plan = self.plan
        if kind == "rollup":
            self.count_tallies()
        for label, unit in (("root", self.root), ("mid", self.mid)):
            prepared = floors.prepare(plan, unit.path, self.as_of, queries)
            self.check(f"{kind}_{label}", rollup(plan, unit, self.as_of), floors.run(prepared))
            self.add(
                f"{kind}_{label}",
                lambda unit=unit: lambda: rollup(plan, unit, self.as_of),
                floor_prepared=prepared,
                first_too=label == "root",
            )
        if kind == "rollup":  # the same, every member counted live (no study tallies)
            live = floors.prepare(plan, self.root.path, self.as_of, FLOOR_QUERIES["rollup_live"])
            self.add(
                "rollup_root_live",
                lambda: _live(rollup, plan, self.root, self.as_of),
                floor_prepared=live,
            )
        client = self.client()
        for label, unit in (("mid", self.mid), ("root", self.root)):
            self.add(f"dashboard_{label}", lambda unit=unit: self.get(client, unit))
            self.add(
                f"dashboard_{label}_fresh", lambda unit=unit: self.get(client, unit, fresh=True)
            )
        for fmt in ("xlsx", "docx"):
            self.add(f"report_{fmt}_root", lambda fmt=fmt: self.export(fmt, self.root))
        if kind == "rollup":
            self.live_figures(client)
        return self.results

    def live_figures(self, client) -> None:
        """The live figures (``reporting/live.py``, issue 20): the plan built once
        (``live_build``), then each unit's dashboard read right after a write under the
        commune (an attendance turned present or absent: the read folds it in first), and the
        kept rollup of the root read alone, beside the engine's figures above."""
        from trienkhai.reporting import live
        from trienkhai.resolutions.models import Plan
        from trienkhai.study.models import Attendance

        reset_peak()
        started, started_cpu = time.perf_counter(), time.process_time()
        state = live.rebuild(self.plan)
        wall, cpu = time.perf_counter() - started, time.process_time() - started_cpu
        self.results.append(
            Result(
                "live_build",
                1,
                wall,
                peak_rss_mib=peak_mib(),
                cpu_s=cpu,
                note=f"{state.rows:,} rows",
            )
        )
        row = (
            Attendance.objects.filter(
                session__plan_id__in=Plan.objects.carrying_out(self.plan),
                unit__path__startswith=self.mid.path,
            )
            .order_by("pk")
            .first()
        )

        def write():
            if row is not None:
                row.status = "absent" if row.status == "present" else "present"
                Attendance.objects.filter(pk=row.pk).update(status=row.status)

        for label, unit in (("mid", self.mid), ("root", self.root)):
            read = self.get(client, unit, live=True)
            self.add(f"dashboard_{label}_live", lambda read=read: lambda: (write(), read()))
        self.add(
            "rollup_root_kept",
            lambda: lambda: live.rollup(self.plan, self.root, self.as_of),
        )
        wrong = live.verify(self.plan)
        if wrong:
            raise AssertionError(f"live figures differ from a full count: {wrong[:3]}")
        self.out("live figures: the same as a full count after the writes.")

    def count_tallies(self) -> None:
        """Count the plan's study tallies afresh, once (what the first reading of a plan, or
        one after a change reaching its issuer, costs): ``tallies_count``."""
        from trienkhai.study import tallies

        reset_peak()
        tallies.forget(self.plan)
        started, started_cpu = time.perf_counter(), time.process_time()
        tallies.rows(self.plan, self.plan.unit.path, self.as_of)
        wall, cpu = time.perf_counter() - started, time.process_time() - started_cpu
        self.results.append(Result("tallies_count", 1, wall, peak_rss_mib=peak_mib(), cpu_s=cpu))

    def check(self, name: str, result, rows) -> None:
        """The floor must compute the same numbers: compare their totals (once, untimed)."""
        engine, floor = floors.engine_totals(result), floors.totals(rows)
        differ = {k: (engine[k], v) for k, v in floor.items() if k in engine and engine[k] != v}
        if differ:
            raise AssertionError(f"{name}: engine and floor differ (engine, floor): {differ}")
        self.out(f"{name}: engine and floor agree on {len(floor)} totals.")

    def client(self):
        from django.test import Client

        from trienkhai.core.access import Role
        from trienkhai.core.models import User
        from trienkhai.units.models import RoleAssignment

        self.user, _ = User.objects.get_or_create(username="bench")
        RoleAssignment.objects.get_or_create(user=self.user, unit=self.root, role=Role.VIEWER)
        client = Client()
        client.force_login(self.user)
        return client

    def get(self, client, unit, fresh=False, live=False):
        """A GET of the unit's dashboard: as served by the engine (the rollup cached after the
        first request), or ``fresh`` with its refresh button (``refresh=1``: recomputed), or
        ``live``: read from the live figures (the others leave them off)."""
        from django.conf import settings
        from django.test.utils import override_settings

        url = dashboard_url(self.plan, unit, self.as_of) + ("&refresh=1" if fresh else "")
        hosts = [*settings.ALLOWED_HOSTS, "testserver"]

        def call():
            with override_settings(ALLOWED_HOSTS=hosts, TRIENKHAI_LIVE_ROLLUPS=live):
                response = client.get(url)
            if response.status_code != 200:
                raise RuntimeError(f"{url}: HTTP {response.status_code}")
            return len(response.content)

        return call

    def export(self, fmt: str, unit):
        build = export_function(fmt, self.as_of)

        def call():
            data = build(self.plan, unit)
            if not data:
                raise RuntimeError(f"the {fmt} export returned nothing")
            return len(data)

        return call


# --- output -----------------------------------------------------------------------------------


def verdict(result: Result, scale: str, vendor: str) -> str:
    target = TARGETS.get((scale, vendor), {}).get(result.name)
    marks = []
    if target and result.median_s is not None:
        seconds, ratio = target
        marks.append(("ok" if result.median_s <= seconds else "MISS") + f" ≤{seconds:g} s")
        if ratio is not None and result.ratio is not None:
            marks.append(("ok" if result.ratio <= ratio else "MISS") + f" ≤{ratio:g}×")
    limit = PEAK_TARGET_MIB.get(scale)
    if limit and result.peak_rss_mib and result.peak_rss_mib > limit:
        marks.append(f"MISS peak ≤{limit} MiB")
    return ", ".join(marks)


def table(results: list[Result], scale: str, vendor: str) -> str:
    def ms(value):
        return "" if value is None else f"{value * 1000:,.1f}"

    header: tuple[str, ...] = (
        "measurement",
        "runs",
        "median ms",
        "floor ms",
        "ratio",
        "cpu ms",
        "floor cpu",
    )
    header += ("cpu ratio", "peak MiB", "target")
    rows = [header]
    for r in results:
        rows.append(
            (
                r.name,
                str(r.runs),
                ms(r.median_s) or "not available",
                ms(r.floor_median_s),
                "" if r.ratio is None else f"{r.ratio:.2f}",
                ms(r.cpu_s),
                ms(r.floor_cpu_s),
                "" if r.cpu_ratio is None else f"{r.cpu_ratio:.2f}",
                "" if r.peak_rss_mib is None else f"{r.peak_rss_mib:,.0f}",
                verdict(r, scale, vendor),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = []
    for n, row in enumerate(rows):
        cells = [
            c.ljust(w) if i in (0, 9) else c.rjust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def describe(workload: Workload) -> str:
    from django.db import connection
    from django.utils import timezone

    from trienkhai.units.models import Person, Unit

    units, people = Unit.objects.count(), Person.objects.count()
    load = os.getloadavg()
    today = timezone.localdate()
    return (
        f"{connection.vendor}, scale {workload.scale}: {units:,} units, {people:,} people; plan "
        f"{workload.plan.number} of {workload.root.name}, read as of {today:%d/%m/%Y}; "
        f"{os.cpu_count()} CPUs, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )
