"""Playwright tests that drive the screens in headless chromium, and a screenshot tour.

Run with ``uv run pytest -m browser``; the tour with
``uv run python -m trienkhai.browser_tests.tour --base-url URL --out DIR``.
"""
