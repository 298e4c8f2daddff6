# Every workflow is a target. Each starts with the idempotent set-up, so a fresh machine needs
# nothing else: `make run` and `make test` install what is missing first.
PHOTOS ?= ../shared/testdata/faces
RELEASE := .build/release/inflio

.PHONY: setup build run test bench clean

setup:
	@bash scripts/setup.sh

build: setup
	swift build -c release --product inflio

# Analyses a folder of photos (PHOTOS=dir); the sample faces by default.
run: build
	@if [ -e "$(PHOTOS)" ]; then $(RELEASE) analyze "$(PHOTOS)"; \
	else echo "No photos at $(PHOTOS). Run: make run PHOTOS=/path/to/your/photos"; exit 1; fi

test: setup
	swift test

# Speed and memory figures (not a test): see the README.
bench: build
	@bash scripts/bench.sh

clean:
	rm -rf .build
