"""The benchmark of issue 6: the workload (``data``), the floor queries (``floor``) and the
measurements (``run``) behind ``trienkhai bench``; docs/performance.md has the figures."""
