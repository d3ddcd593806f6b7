"""Timings run by hand on a scratch database (``python -m``): ``study`` (the study numbers
at province scale, on the rows of ``study_rows``) and ``plans`` (issuing a plan and its
rollups). Their figures are in docs/performance.md."""
