"""``trienkhai load``: a bounded load test of a running server, over the loopback only.

- ``accounts.py`` (Django side): the logins the scenarios sign in with, made through the
  product's own services (``create_login``, ``grant_role``, ``schedule_session``) as the demo
  province's administrator, and the pages each of them visits;
- ``client.py`` (HTTP side, asyncio + aiohttp): the simulated users, the figures (p50/p95/p99
  per page, errors, throughput) and the refusal of any host that is not the loopback;
- ``checkin.py``: what one member's phone sends to check in, in one small function.
"""
