"""Revision scripts (a package so they ship with an installed `rehearse`)."""
