"""Rasa custom actions: thin adapters between the tracker and the framework-free `rehearse` package.

rasa-sdk imports every submodule of this package, so each concern has its own module.
"""
