"""The benchmark of issue 6: the workload's rows (``workload``; built through
``trienkhai.tooling.builders.workload``), the floor queries (``floor``) and the measurements
(``run``) behind ``trienkhai bench``; docs/performance.md has the figures."""
