"""Rasa NLU graph components: thin adapters that put Rehearse's framework-free checks into the pipeline."""
