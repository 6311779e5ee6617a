"""`rehearse bench`: the performance benchmark (reply times against a `rasa init` baseline, a soak, the
in-process detector and analyser, training time, cold start and memory). See docs/performance.md."""
