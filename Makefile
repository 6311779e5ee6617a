# Rehearse: the two commands a new user needs are `make run` and `make test`.
VENV      := .venv
PY        := $(VENV)/bin/python
RASA      := $(VENV)/bin/rasa
REHEARSE  := $(VENV)/bin/rehearse
STAMP     := $(VENV)/.installed
export TF_CPP_MIN_LOG_LEVEL ?= 2
export PYTHONWARNINGS ?= ignore
export RASA_TELEMETRY_ENABLED ?= false
export SQLALCHEMY_SILENCE_UBER_WARNING ?= 1
# `rasa test` reads endpoints.yml, which needs these; `rehearse run` and the test stack set their own.
STORY_TEST_ENV := REHEARSE_ACTION_URL=http://127.0.0.1:5055/webhook REHEARSE_TRACKER_DB=$(CURDIR)/var/story-tests-tracker.db

.PHONY: install train run test test-fast validate test-stories bench clean

install: $(STAMP)

$(STAMP): requirements/lock.txt pyproject.toml scripts/bootstrap.sh
	bash scripts/bootstrap.sh
	touch $@

## Train only when data or config changed (Rasa's fingerprinting reuses the last model otherwise).
train: install
	$(RASA) train --fixed-model-name rehearse --out models --quiet

run: train
	$(REHEARSE) db upgrade
	$(REHEARSE) run

## Warnings are checked by tests/rasa/test_data_validate.py: only the explained ones may remain.
validate: install
	$(RASA) data validate --quiet

test-stories: train
	mkdir -p var
	$(STORY_TEST_ENV) $(RASA) test core --stories tests/stories --model models --fail-on-prediction-errors --out var/results/stories --quiet

## The whole suite: data validation, test stories, then pytest (unit, action, integration, browser).
test: validate test-stories
	$(PY) -m pytest

## Only the framework-free unit tests (no trained model, no servers).
test-fast: install
	$(PY) -m pytest tests/unit

bench: train
	$(REHEARSE) bench

clean:
	rm -rf var .rasa models/*.tar.gz
