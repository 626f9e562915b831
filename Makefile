# Sitrep: `make demo` and `make test` are all a fresh machine needs.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export KAFKA_PORT ?= 9092
export KAFKA_CONTROLLER_PORT ?= $(shell echo $$(( $(KAFKA_PORT) + 1 )))
export KAFKA_BOOTSTRAP_SERVERS ?= 127.0.0.1:$(KAFKA_PORT)

.PHONY: venv kafka-fetch kafka-up kafka-down lint test test-unit demo schemas bench bench-quality bench-throughput bench-chaos screenshot clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

kafka-fetch:
	bash scripts/kafka.sh fetch

kafka-up:
	bash scripts/kafka.sh up

kafka-down:
	bash scripts/kafka.sh down

lint: venv
	$(VENV)/bin/ruff check streams schemas tests bench

schemas: venv
	$(PY) -m schemas.export

# The whole suite, integration tests included, against a broker this target starts.
test: venv lint
	bash scripts/kafka.sh up
	status=0; SITREP_REQUIRE_KAFKA=1 $(PY) -m pytest -q $(PYTEST_ARGS) || status=$$?; \
	bash scripts/kafka.sh down; exit $$status

# Unit tests only (no broker).
test-unit: venv
	$(PY) -m pytest -q -m "not integration" $(PYTEST_ARGS)

demo: venv
	bash scripts/demo.sh

# A picture of the live page of a running worker (docs/dashboard.png).
screenshot: venv
	$(PY) scripts/screenshot.py

bench-quality: venv
	$(PY) bench/quality.py

bench: venv
	$(PY) bench/inprocess.py

# Through a real broker (started here): throughput against the raw-client ceiling, latency, scale-out.
bench-throughput: venv
	bash scripts/kafka.sh up
	status=0; $(PY) bench/throughput.py || status=$$?; bash scripts/kafka.sh down; exit $$status

# Worker kills and a broker restart while 20,000 pages stream in (bench/chaos.py --help).
bench-chaos: venv
	$(PY) bench/chaos.py

clean:
	bash scripts/kafka.sh down || true
	rm -rf .cache/faust .pytest_cache .ruff_cache
