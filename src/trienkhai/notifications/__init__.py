"""Notifications: in the app, by e-mail and in a daily digest; the reminders before deadlines
(issue 15). Each app declares the kinds it sends and its reminder scanners in its own
notices.py, as it declares home cards and data warnings.
"""
