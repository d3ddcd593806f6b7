"""The REST API under /api/v1/ with scoped tokens (issue 19): the same access module and services
as the screens.
"""
