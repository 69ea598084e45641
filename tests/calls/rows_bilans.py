"""Rows of the calls' permission matrix (see tests/calls/matrix.py)."""

ROWS: dict = {}
