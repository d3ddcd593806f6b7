"""The simulated users: asyncio + aiohttp, over the loopback only, bounded in time and size.

Every request is timed from the moment it is sent to the end of its body; the figures are
per page (p50/p95/p99, errors) and overall (requests, throughput). An error is a status of
500 or more, a connection failure, a timeout, or an answer that is not what the page gives
(a login page where a signed-in page was asked for).
"""

from __future__ import annotations

import asyncio
import ipaddress
import random
import re
import socket
import statistics
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

#: Bounds: a load test on someone's server stays small unless asked otherwise, and never huge.
MAX_USERS = 2000
MAX_DURATION = 900.0
MAX_RATE = 1000.0
TIMEOUT = 30.0

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Refused(Exception):
    pass


def loopback_base(url: str) -> str:
    """``url`` without a trailing slash, refused unless every address of its host is the
    loopback (127.0.0.0/8, ::1): the script must not load another machine."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise Refused(f"Not an http(s) URL: {url!r}")
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 80, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise Refused(f"Cannot resolve {parts.hostname!r}: {exc}") from exc
    addresses = {str(info[4][0]) for info in infos}
    if not addresses or not all(ipaddress.ip_address(a).is_loopback for a in addresses):
        raise Refused(
            f"{parts.hostname} is not the loopback ({', '.join(sorted(addresses))}): "
            "the load script only runs against this machine."
        )
    return f"{parts.scheme}://{parts.netloc}"


def check_bounds(*, users: int, duration: float, rate: float | None = None) -> None:
    if not 1 <= users <= MAX_USERS:
        raise Refused(f"users must be between 1 and {MAX_USERS}")
    if not 0 < duration <= MAX_DURATION:
        raise Refused(f"duration must be between 0 and {MAX_DURATION:.0f} s")
    if rate is not None and not 0 < rate <= MAX_RATE:
        raise Refused(f"rate must be between 0 and {MAX_RATE:.0f} a second")


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0–100), nearest rank: p99 of 100 values is the 99th smallest."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5 - 1e-9)))
    return ordered[rank - 1]


@dataclass
class Stats:
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    error_samples: list[str] = field(default_factory=list)
    started: float = 0.0
    ended: float = 0.0

    def add(self, name: str, seconds: float, ok: bool, detail: str = "") -> None:
        self.times[name].append(seconds)
        if not ok:
            self.errors[name] += 1
            if len(self.error_samples) < 10:
                self.error_samples.append(f"{name}: {detail}")

    def rows(self, names: Iterable[str] | None = None) -> list[dict]:
        names = list(names) if names is not None else sorted(self.times)
        rows = []
        everything: list[float] = []
        for name in names:
            values = self.times.get(name, [])
            everything += values
            rows.append(self._row(name, values, self.errors.get(name, 0)))
        rows.append(self._row("all", everything, sum(self.errors[n] for n in names)))
        return rows

    def _row(self, name: str, values: list[float], errors: int) -> dict:
        elapsed = max(self.ended - self.started, 1e-9)
        if not values:
            return {"page": name, "requests": 0, "errors": errors}
        return {
            "page": name,
            "requests": len(values),
            "errors": errors,
            "per_s": len(values) / elapsed,
            "p50_ms": 1000 * statistics.median(values),
            "p95_ms": 1000 * percentile(values, 95),
            "p99_ms": 1000 * percentile(values, 99),
            "max_ms": 1000 * max(values),
        }


def table(rows: list[dict]) -> str:
    lines = [
        f"{'page':<18}{'requests':>9}{'errors':>8}{'per s':>8}{'p50 ms':>9}{'p95 ms':>9}"
        f"{'p99 ms':>9}{'max ms':>9}"
    ]
    for r in rows:
        if not r["requests"]:
            lines.append(f"{r['page']:<18}{0:>9}{r['errors']:>8}")
            continue
        lines.append(
            f"{r['page']:<18}{r['requests']:>9}{r['errors']:>8}{r['per_s']:>8.1f}"
            f"{r['p50_ms']:>9.0f}{r['p95_ms']:>9.0f}{r['p99_ms']:>9.0f}{r['max_ms']:>9.0f}"
        )
    return "\n".join(lines)


class User:
    """One browser: its own cookies (session, CSRF), the shared connection pool."""

    def __init__(self, base: str, connector, stats: Stats) -> None:
        import aiohttp

        self.base = base
        self.stats = stats
        self.http = aiohttp.ClientSession(
            base_url=base,
            connector=connector,
            connector_owner=False,
            cookie_jar=aiohttp.CookieJar(unsafe=True),  # cookies from 127.0.0.1 too
            timeout=aiohttp.ClientTimeout(total=TIMEOUT),
            headers={"Accept-Language": "vi"},
        )

    async def close(self) -> None:
        await self.http.close()

    async def send(
        self, name: str, method: str, path: str, form: dict[str, str] | None = None
    ) -> tuple[int, str]:
        """One request, timed and counted under ``name``; (status, body), status 0 on a
        connection failure or timeout."""
        start = time.perf_counter()
        try:
            async with self.http.request(
                method,
                path,
                data=form,
                allow_redirects=False,
                headers={"Referer": self.base + path} if method == "POST" else None,
            ) as response:
                body = await response.text()
                status = response.status
                location = response.headers.get("Location", "")
        except Exception as exc:  # every failure counts: refused, reset, timed out
            self.stats.add(name, time.perf_counter() - start, False, repr(exc))
            return 0, ""
        # A signed-in page that sends to the login page lost its session: an error too.
        ok = status < 500 and not (status == 302 and "/login/" in location)
        self.stats.add(name, time.perf_counter() - start, ok, f"HTTP {status}")
        return status, body

    def use_session(self, cookie: str, key: str) -> None:
        """Carry a session made beforehand, as a phone keeps its cookie."""
        from yarl import URL

        self.http.cookie_jar.update_cookies({cookie: key}, URL(self.base))

    async def log_in(self, username: str, password: str) -> bool:
        status, body = await self.send("login_page", "GET", "/login/")
        match = CSRF.search(body)
        if match is None:
            return False
        status, _body = await self.send(
            "login",
            "POST",
            "/login/",
            {"csrfmiddlewaretoken": match[1], "username": username, "password": password},
        )
        return status == 302


#: Seconds an idle connection is kept for the next request: less than the server's keep-alive
#: (``serve.KEEPALIVE``), or a request may be sent on a connection the server is closing.
KEEPALIVE = 4.0


async def _connector(limit: int):
    import aiohttp

    return aiohttp.TCPConnector(limit=limit, limit_per_host=limit, keepalive_timeout=KEEPALIVE)


async def _log_in_all(users: list[User], names: list[str], password: str, concurrency: int):
    gate = asyncio.Semaphore(concurrency)
    failed: list[str] = []

    async def one(user: User, name: str) -> None:
        async with gate:
            if not await user.log_in(name, password):
                failed.append(name)

    await asyncio.gather(*(one(u, n) for u, n in zip(users, names, strict=True)))
    if failed:
        raise Refused(f"{len(failed)} logins failed, e.g. {failed[:3]}")


async def browse(
    base: str,
    visitors: list,
    password: str,
    *,
    duration: float,
    think: float,
    seed: int = 14,
    out: Callable[[str], None] = print,
) -> Stats:
    """Scenario 1: each visitor signs in (not counted), then for ``duration`` seconds goes
    through their pages in a random order, waiting ``think`` seconds (±50 %, uniform)
    between two pages. Starts are spread over the first think time."""
    check_bounds(users=len(visitors), duration=duration)
    rng = random.Random(seed)
    connector = await _connector(len(visitors) + 8)
    logins = Stats()
    users = [User(base, connector, logins) for _ in visitors]
    try:
        out(f"Signing in {len(users)} users …")
        await _log_in_all(users, [v.username for v in visitors], password, 8)
        stats = Stats()
        for user in users:
            user.stats = stats
        stats.started = time.perf_counter()
        deadline = stats.started + duration

        async def visit(user: User, pages, delay: float, rnd: random.Random) -> None:
            await asyncio.sleep(delay)
            while time.perf_counter() < deadline:
                name, path = rnd.choice(pages)
                await user.send(name, "GET", path)
                await asyncio.sleep(think * rnd.uniform(0.5, 1.5))

        out(f"Browsing for {duration:.0f} s, think time {think:g} s …")
        await asyncio.gather(
            *(
                visit(u, v.pages, rng.uniform(0, think), random.Random(rng.random()))
                for u, v in zip(users, visitors, strict=True)
            )
        )
        stats.ended = time.perf_counter()
        return stats
    finally:
        for user in users:
            await user.close()
        await connector.close()


async def burst(
    base: str,
    sessions: list[str],
    cookie: str,
    check_in,
    *,
    rate: float,
    tap: float,
    out: Callable[[str], None] = print,
) -> tuple[Stats, int]:
    """Scenario 2: every member's phone carries their session (``sessions``, made beforehand:
    they signed in earlier); they arrive at ``rate`` a second, each scanning the code and
    pressing "I am present" ``tap`` seconds later (``check_in(send, tap)``). Returns the
    figures and how many the server confirmed."""
    check_bounds(users=len(sessions), duration=len(sessions) / rate, rate=rate)
    connector = await _connector(min(len(sessions), 512))
    stats = Stats()
    phones = [User(base, connector, stats) for _ in sessions]
    try:
        for phone, key in zip(phones, sessions, strict=True):
            phone.use_session(cookie, key)
        confirmed = 0
        stats.started = time.perf_counter()

        done: list[float] = []

        async def arrive(phone: User, at: float) -> None:
            nonlocal confirmed
            await asyncio.sleep(max(0.0, at - time.perf_counter()))
            if await check_in(phone.send, tap):
                confirmed += 1
                done.append(time.perf_counter())

        out(f"{len(phones)} members check in at {rate:g} a second …")
        await asyncio.gather(*(arrive(p, stats.started + i / rate) for i, p in enumerate(phones)))
        stats.ended = time.perf_counter()
        # The rate is counted over the confirmations: from the first member's confirm (the
        # first arrival plus the tap) to the last confirmation.
        stats.started += tap
        if done:
            stats.ended = max(done)
        return stats, confirmed
    finally:
        for phone in phones:
            await phone.close()
        await connector.close()
