# Engram — build and test targets.
#
#   make test     install what the tests need (when missing), then vet, test and briefly fuzz everything,
#                 then test the web page in headless Chromium (make web-test)
#   make bench    run the benchmarks (bio-seconds per wall-second, synaptic events/s, …)
#   make bench-peers  the COBA network in Brian2 (cpp_standalone) and in Engram, side by side
#   make build    build both commands
#   make figures  remake docs/figures, docs/gallery.md and docs/viewer.png from the shipped scenarios
#   make viewer   open the live viewer on the default scenario
#   make web      build the viewer's web page into web/ (then: go run ./cmd/serve)
#   make web-test build the page and test it and a report.html in headless Chromium (make test runs it)
#   make web-shots     remake docs/web-viewer.png and docs/web-report.png
#   make web-measure   the page's simulated speed and frame times in headless Chromium

GO        ?= go
VIEWER_APT = libxrandr-dev libxcursor-dev libxinerama-dev libxi-dev libxxf86vm-dev libgl1-mesa-dev libxkbcommon-dev xvfb xauth
XVFB       = xvfb-run -a -s "-screen 0 1280x800x24"

.PHONY: test deps build bench bench-peers figures viewer web web-deps web-test web-shots web-measure

# deps installs the Debian packages the viewer's tests need. As root it
# installs what is missing (quietly when everything is present); as another
# user it prints the one command to run and stops.
deps:
	@missing=""; for p in $(VIEWER_APT); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null) || exit 1; \
	  else \
	    echo "missing packages; run:  sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi

# The fuzz targets of the loader, of -set and of the viewer's -script
# (package:target) run briefly after the tests, FUZZTIME each.
FUZZ     = ./scenarios:FuzzLoad ./scenarios:FuzzSet ./session:FuzzScript
FUZZTIME ?= 5s

test: deps
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./cmd/viewer ./cmd/webworker
	@if [ -n "$$DISPLAY" ]; then $(GO) test ./...; else $(XVFB) $(GO) test ./...; fi
	@for t in $(FUZZ); do pkg=$${t%%:*}; f=$${t##*:}; \
	  $(GO) test -run '^$$' -fuzz "^$$f\$$" -fuzztime $(FUZZTIME) $$pkg >/tmp/engram-fuzz.log 2>&1 || \
	  { cat /tmp/engram-fuzz.log; echo "fuzzing $$f ($$pkg) failed"; exit 1; }; done; \
	echo "fuzzed $(FUZZ) for $(FUZZTIME) each"
	$(MAKE) web-test

build:
	$(GO) build ./...

bench:
	$(GO) test -run '^$$' -bench . -benchtime 3x ./...

# bench-peers runs the COBA network in Brian2 cpp_standalone (one thread) and
# in Engram, interleaved, and prints both marginal costs per biological second,
# their ratio and both sides' spike statistics (bench/peers/peers.py; pass
# options in PEERS_ARGS, e.g. PEERS_ARGS="-reps 5 -workers 2"). It needs
# Debian's python3-brian and g++: as root it installs them when missing; as
# another user it prints the command to run and stops.
PEERS_APT  = python3-brian g++
PEERS_PY  ?= /usr/bin/python3
PEERS_ARGS ?=

bench-peers:
	@missing=""; for p in $(PEERS_APT); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null) || exit 1; \
	  else \
	    echo "missing packages; run:  sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi
	$(PEERS_PY) bench/peers/peers.py -python $(PEERS_PY) $(PEERS_ARGS)

# The viewer's screenshot: the default scenario as fast as it runs, paused
# in the third night just after a detected ripple (a deterministic frame).
VIEWER_SHOT = speed=max@0ms,pause@29.3s,screenshot=docs/viewer.png@29.3s,quit@29.3s

figures: deps
	$(GO) run ./cmd/simulate gallery -out docs
	@if [ -n "$$DISPLAY" ]; then $(GO) run ./cmd/viewer -script "$(VIEWER_SHOT)"; \
	else $(XVFB) $(GO) run ./cmd/viewer -script "$(VIEWER_SHOT)"; fi

viewer: deps
	$(GO) run ./cmd/viewer

# The web page: the viewer built as WebAssembly (engram.wasm: drawing and
# input on the page's thread), the runs it starts (worker.wasm, one Web
# Worker per run) and Go's loader for both (lib/wasm since Go 1.24,
# misc/wasm before). The page's own files (index.html, page.js,
# viewer.html, viewer.js, worker.js) are in git; these three are made.
GOROOT_DIR = $(shell $(GO) env GOROOT)
WASM_EXEC  = $(firstword $(wildcard $(GOROOT_DIR)/lib/wasm/wasm_exec.js $(GOROOT_DIR)/misc/wasm/wasm_exec.js))

web:
	GOOS=js GOARCH=wasm $(GO) build -o web/engram.wasm ./cmd/viewer
	GOOS=js GOARCH=wasm $(GO) build -o web/worker.wasm ./cmd/webworker
	@test -n "$(WASM_EXEC)" || { echo "wasm_exec.js not found under $(GOROOT_DIR)"; exit 1; }
	cp "$(WASM_EXEC)" web/wasm_exec.js
	@echo "built web/; serve it with:  go run ./cmd/serve   (http://localhost:8080/)"

# web-deps installs what the browser tests need: Debian's chromium and
# Mesa's EGL (WebGL through llvmpipe), node and npm unless some node is on
# the PATH already (as root, when missing), and playwright-core (npm, into
# web/test/node_modules, at the version package-lock.json pins).
WEB_APT = chromium libegl-mesa0

web-deps:
	@missing=""; for p in $(WEB_APT); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	command -v node >/dev/null && command -v npm >/dev/null || missing="$$missing nodejs npm"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null) || exit 1; \
	  else \
	    echo "missing packages; run:  sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi
	@test -d web/test/node_modules/playwright-core || (cd web/test && npm ci --no-audit --no-fund --loglevel=error)

# web-test opens the page (frames, the switch to sleep by script, a
# detected ripple, the readout, a bad and a good upload) and the
# report.html of a short day-night run; screenshots and the measured
# figures go to web/test/out/.
web-test: web-deps web
	cd web/test && node --test --test-reporter=spec browser.test.mjs

# web-shots remakes docs/web-viewer.png and docs/web-report.png: the page at
# the first ripple of the default scenario, and the default run's report.
web-shots: web-deps web
	$(GO) run ./cmd/simulate -out web/test/out/default-run
	cd web/test && REPORT_DIR=web/test/out/default-run WEB_SHOTS=docs node --test --test-reporter=spec browser.test.mjs

# web-measure prints the page's simulated speed and frame times after
# WEB_SECONDS of running with the settings WEB_QUERY (e.g. ?speed=max).
WEB_SECONDS ?= 60
WEB_QUERY   ?= ?speed=max
web-measure: web-deps web
	cd web/test && node measure.mjs $(WEB_SECONDS) "$(WEB_QUERY)"
