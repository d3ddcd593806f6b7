"""Inspection and supervision from decision to conclusion, and the recommendations that close the
loop (issue 16).
"""
