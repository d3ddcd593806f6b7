"""Spreadsheet imports of units, people, positions and attendance (issue 18): one pipeline behind
the page, `trienkhai import` and the API.
"""
