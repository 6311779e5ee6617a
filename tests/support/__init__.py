"""Helpers for the test suite (servers it starts itself)."""
