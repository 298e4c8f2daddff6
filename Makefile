# Every workflow is a target. Each starts with the idempotent set-up, so a fresh machine needs
# nothing else: `make run` and `make test` install what is missing first.
PHOTOS ?= ../shared/testdata/faces
HOST ?= 127.0.0.1
PORT ?= 8080
RELEASE := .build/release/inflio

.PHONY: setup build run cluster analyze lint format test probe fuzz bench clean

setup:
	@bash scripts/setup.sh

build: setup
	swift build -c release --product inflio

# The service on http://$(HOST):$(PORT): SQLite and images in ./data, the offline studio renderer.
run: build
	$(RELEASE) migrate
	$(RELEASE) serve --hostname $(HOST) --port $(PORT)

# Three `inflio serve` on one PostgreSQL of their own behind nginx, on http://127.0.0.1:$(CLUSTER_PORT):
# scale-out rehearsed on one machine (docs/operations.md). `bash scripts/cluster.sh stop` stops them.
CLUSTER_PORT ?= 8080
cluster: build
	@INFLIO_BIN=$(RELEASE) CLUSTER_PORT=$(CLUSTER_PORT) bash scripts/cluster.sh

# Analyses a folder of photos (PHOTOS=dir); the sample faces by default.
analyze: build
	@if [ -e "$(PHOTOS)" ]; then $(RELEASE) analyze "$(PHOTOS)"; \
	else echo "No photos at $(PHOTOS). Run: make analyze PHOTOS=/path/to/your/photos"; exit 1; fi

# Formatting is checked, never argued about: `make format` rewrites, `make lint` (part of `make test`) fails on
# any difference from .swift-format.
SWIFT_FILES = $(shell find Package.swift Sources Tests -name '*.swift')
lint:
	@echo 'swift format lint --strict (every Swift file)'
	@swift format lint --strict --parallel --configuration .swift-format $(SWIFT_FILES)

format:
	swift format format --in-place --parallel --configuration .swift-format $(SWIFT_FILES)

# Every test: formatting, the API's contract written as scripts/openapi.py writes it, the web page's
# pure modules (node --test), the Swift suites (the database ones on SQLite and on a local PostgreSQL
# that this starts, emptied of earlier runs' databases before and after; at most 8 tests at once,
# and the multi-process ClusterTests after the rest and alone: on two cores, every suite at once, or
# the cluster's processes beside them, starved tests past their waits), the web page in a real
# Chromium against the debug binary `swift test` built (scripts/browser-test.sh), the security
# probe's quick run (scripts/probe.sh), schemathesis for two minutes against the contract
# (scripts/api-fuzz.sh) and the docs check.
API_FUZZ_SECONDS ?= 120
test: setup lint
	python3 scripts/openapi.py --check
	node --test Tests/JS/
	url="$$(bash scripts/postgres.sh --drop-test-databases)" && s3="$$(bash scripts/s3-server.sh)" && \
	  s3app="$$(bash scripts/s3-server.sh --instance app)" && \
	  export INFLIO_TEST_POSTGRES_URL="$$url" INFLIO_TEST_S3_ENDPOINT="$$s3" INFLIO_TEST_S3_APP_ENDPOINT="$$s3app" && \
	  bash scripts/swift-test.sh --skip ClusterTests --experimental-maximum-parallelization-width 8 && \
	  bash scripts/swift-test.sh --skip-build --filter ClusterTests && \
	  bash scripts/postgres.sh --drop-test-databases > /dev/null
	bash scripts/browser-test.sh .build/debug/inflio
	bash scripts/probe.sh .build/debug/inflio --quick
	bash scripts/api-fuzz.sh .build/debug/inflio $(API_FUZZ_SECONDS)
	python3 Tests/Docs/check_docs.py .build/debug/inflio

# The security probe's full run against the release build: issue 13's findings replayed from
# outside, timing judged too (see docs/development.md).
probe: build
	bash scripts/probe.sh $(RELEASE) --full

# libFuzzer over the image decoding and the multipart parser, 5 minutes each, then schemathesis
# against the API's contract as long (FUZZ_SECONDS=n to change): see docs/development.md#fuzzing.
FUZZ_SECONDS ?= 300
fuzz: setup
	bash scripts/fuzz.sh $(FUZZ_SECONDS)
	swift build --product inflio
	bash scripts/api-fuzz.sh .build/debug/inflio $(FUZZ_SECONDS)

# Speed and memory figures (not a test): see docs/benchmarks.md.
bench: build
	@bash scripts/bench.sh

clean:
	rm -rf .build
