"""Rehearse: rehearse difficult conversations (IPT role-play) with a Rasa assistant.

The package is framework-free: analysis, risk detection, scenarios, the counterpart engine, storage and
the portal live here and are testable without a running Rasa. `actions/` and `components/` adapt it to Rasa.
"""

__version__ = "0.1.0"
