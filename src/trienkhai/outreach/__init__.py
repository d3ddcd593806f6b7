"""Bringing a resolution to the public (dissemination activities), its public page, and the
questions people ask and the answers (issue 17).
"""
