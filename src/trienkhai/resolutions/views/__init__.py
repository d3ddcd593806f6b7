"""Screens of resolutions, plans and obligations (see ``urls.py``)."""
