"""Tooling on top of the product: benchmarks, evaluations, workload builders, timings and the
shared test tree. None of it is imported by the domain apps (core, units, resolutions, study,
programs, reporting), which stay shippable without it; it builds on them and on demo.

* ``builders``: the public way to build workloads in the database (``workload``,
  ``study_plan``, ``ensure_units``, ``delete_plan``); the rows go in through the one bulk
  inserter, ``trienkhai.demo.bulk``;
* ``bench``: ``trienkhai bench`` (``management/commands/bench.py``): the workload's rows, the
  floor queries and the measurements;
* ``evals``: the copy checks' precision and recall on generated sets;
* ``timing``: the study timing and the plan timing, run by hand on a scratch database;
* ``testing``: the small tree every app's tests build on (not in the wheel).
"""
