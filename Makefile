# Engram — build and test targets.
#
#   make test     install what the tests need (when missing), then vet, test and briefly fuzz everything,
#                 then test the web page in headless Chromium (make web-test)
#   make bench    run the benchmarks (bio-seconds per wall-second, synaptic events/s, …)
#   make bench-peers  the COBA network in Brian2 (cpp_standalone) and in Engram, side by side
#   make bench-ann-peers  the replication's Transformer in PyTorch and in Engram: same gradient, step time
#   make build    build both commands
#   make figures  remake docs/figures, docs/gallery.md and docs/viewer.png from the shipped scenarios
#   make viewer   open the live viewer on the default scenario
#   make web      build the viewer's web page into web/ (then: go run ./cmd/serve)
#   make web-test build the page and test it and a report.html in headless Chromium (make test runs it)
#   make web-shots     remake docs/web-viewer.png and docs/web-report.png
#   make web-measure   the page's simulated speed and frame times in headless Chromium
#   make pynn-check  export coba and a replay-closeup night, run them on NEURON (PyNN) serially
#                 and on 2 MPI ranks, read the SONATA spikes back and compare with Engram (4–8 min
#                 on this shared 2-core machine, so not part of make test or CI; see docs/export.md)

GO        ?= go
VIEWER_APT = libxrandr-dev libxcursor-dev libxinerama-dev libxi-dev libxxf86vm-dev libgl1-mesa-dev libxkbcommon-dev xvfb xauth
XVFB       = xvfb-run -a -s "-screen 0 1280x800x24"

.PHONY: test deps build bench bench-peers bench-ann-peers figures viewer web web-deps web-test web-shots web-measure pynn-deps pynn-check

# deps installs the Debian packages the viewer's tests need. As root it
# installs what is missing (quietly when everything is present); as another
# user it prints the one command to run and stops.
deps:
	@sh scripts/apt-need.sh $(VIEWER_APT)

# The fuzz targets of the loader, of -set and of the viewer's -script
# (package:target) run briefly after the tests, FUZZTIME each.
FUZZ     = ./scenarios:FuzzLoad ./scenarios:FuzzSet ./session:FuzzScript
FUZZTIME ?= 5s
# The validation package runs the quick brain rows (a few minutes on a quiet
# machine); go test's default of 10 min per package is too tight on a busy one.
TESTTIMEOUT ?= 18m

test: deps
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./cmd/viewer ./cmd/webworker
	@if [ -n "$$DISPLAY" ]; then $(GO) test -timeout $(TESTTIMEOUT) ./...; else $(XVFB) $(GO) test -timeout $(TESTTIMEOUT) ./...; fi
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
# their ratio and both sides' spike statistics, both integrating by forward
# Euler (bench/peers/peers.py; pass options in PEERS_ARGS, e.g.
# PEERS_ARGS="-reps 5 -workers 2 -method exponential_euler"). It needs
# Debian's python3-brian and g++: as root it installs them when missing; as
# another user it prints the command to run and stops.
PEERS_APT  = python3-brian g++
PEERS_PY  ?= /usr/bin/python3
PEERS_ARGS ?=

bench-peers:
	@sh scripts/apt-need.sh $(PEERS_APT)
	$(PEERS_PY) bench/peers/peers.py -python $(PEERS_PY) $(PEERS_ARGS)

# bench-ann-peers builds the Transformer of the reference-memory replication
# in PyTorch from Engram's parameters, checks that autograd's gradient is
# Engram's for every kind of activation the replication uses, then times a
# training step on both sides, interleaved (bench/peers/walks.py; options in
# ANN_PEERS_ARGS, e.g. ANN_PEERS_ARGS="-reps 5 -threads 1"). It needs Debian's
# python3-torch, installed as bench-peers installs its packages.
ANN_PEERS_APT  = python3-torch
ANN_PEERS_ARGS ?=

bench-ann-peers:
	@sh scripts/apt-need.sh $(ANN_PEERS_APT)
	$(PEERS_PY) bench/peers/walks.py -python $(PEERS_PY) $(ANN_PEERS_ARGS)

# The viewer's screenshot: the default scenario as fast as it runs, paused
# in the first night just after a significant forward replay (a deterministic
# frame: night 1, ripple 4, p = 0.018 for seed 1).
VIEWER_SHOT = speed=max@0ms,pause@7.99s,screenshot=docs/viewer.png@7.99s,quit@7.99s

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
	@sh scripts/apt-need.sh $(WEB_APT) $$(command -v node >/dev/null && command -v npm >/dev/null || echo nodejs npm)
	@test -d web/test/node_modules/playwright-core || (cd web/test && npm ci --no-audit --no-fund --loglevel=error)

# web-test opens the page (frames, the switch to sleep by script, a
# detected ripple, the readout, a bad and a good upload) and the
# report.html of a short day-night run; screenshots and the measured
# figures go to web/test/out/.
web-test: web-deps web
	cd web/test && node --test --test-reporter=spec browser.test.mjs

# web-shots remakes docs/web-viewer.png and docs/web-report.png: the page at
# the first significant replay of the default scenario's first night (asleep
# from 1.2 s), and the default run's report.
web-shots: web-deps web
	$(GO) run ./cmd/simulate -out web/test/out/default-run
	cd web/test && REPORT_DIR=web/test/out/default-run WEB_SHOTS=docs node --test --test-reporter=spec browser.test.mjs

# web-measure prints the page's simulated speed and frame times after
# WEB_SECONDS of running with the settings WEB_QUERY (e.g. ?speed=max).
WEB_SECONDS ?= 60
WEB_QUERY   ?= ?speed=max
web-measure: web-deps web
	cd web/test && node measure.mjs $(WEB_SECONDS) "$(WEB_QUERY)"

# --- PyNN / NEURON / SONATA (not part of make test: see pynn-check) ----------
PYNN_APT   = python3-pynn python3-neuron neuron-dev openmpi-bin python3-mpi4py python3-h5py python3-bmtk
PYNN_NMODL = /usr/lib/python3/dist-packages/pyNN/neuron/nmodl
PY         = /usr/bin/python3
PYNN_DIR  ?= build/pynn-check
COBA_MS   ?= 1000
NIGHT_MS  ?= 5000
MPIRUN     = mpirun $$( [ "$$(id -u)" = 0 ] && echo --allow-run-as-root) --oversubscribe -np 2

# pynn-deps installs what the PyNN check needs (Debian packages; as root,
# quietly when present) and compiles PyNN's own NMODL mechanisms, which
# Debian ships uncompiled, with export/files/nrnmech.sh (Debian's nrnivmodl
# needs its make line fixed; the script says how).
pynn-deps:
	@sh scripts/apt-need.sh $(PYNN_APT)
	@[ -f $(PYNN_NMODL)/x86_64/.libs/libnrnmech.so ] || sh export/files/nrnmech.sh $(PYNN_NMODL)

# pynn-check exports a small network with every feature the export maps
# (export's test network: each cell type, NMDA, depression, presynaptic
# inhibition, a one-synapse projection, a background), the COBA network
# (its first COBA_MS ms) and the first NIGHT_MS ms of replay-closeup's
# night (after encoding, with CA3's presynaptic inhibition), runs each on NEURON
# through PyNN on 1 and on 2 MPI ranks, converts the SONATA spikes back to
# CSV, and compares them with Engram's run of the same window (simulate
# compare: rates, CV(ISI), sharp-wave ripples and replay by Engram's own
# detector; identical trains on 1 and 2 ranks; COBA's rate within 10 %; the
# release factor driven by a spike source equal to Engram's, one step late).
# It ends with a SONATA file written by simulate itself, opened by bmtk.
pynn-check: pynn-deps
	rm -rf $(PYNN_DIR) && mkdir -p $(PYNN_DIR)
	$(GO) build -o $(PYNN_DIR)/simulate ./cmd/simulate
	$(PYNN_DIR)/simulate export -format pynn -out $(PYNN_DIR)/coba -duration $(COBA_MS) coba
	$(PYNN_DIR)/simulate export -format pynn -out $(PYNN_DIR)/night -duration $(NIGHT_MS) replay-closeup
	$(GO) test ./export -run TestFeaturesExport -count=1 -args -features-out $(CURDIR)/$(PYNN_DIR)/features
	@for x in features coba night; do \
	  sh $(PYNN_DIR)/$$x/nrnmech.sh && \
	  $(PY) $(PYNN_DIR)/$$x/run.py -o $(PYNN_DIR)/$$x-np1 && \
	  $(MPIRUN) $(PY) $(PYNN_DIR)/$$x/run.py -o $(PYNN_DIR)/$$x-np2 && \
	  for r in np1 np2; do $(PY) export/files/sonata.py h5tocsv $(PYNN_DIR)/$$x-$$r/spikes.h5 $(PYNN_DIR)/$$x-$$r/sonata.csv || exit 1; done || exit 1; \
	done
	$(PYNN_DIR)/simulate compare -spikes sonata.csv -identical -rate-tol 0.1 -release-tol 1e-9 $(PYNN_DIR)/features $(PYNN_DIR)/features-np1 $(PYNN_DIR)/features-np2
	$(PYNN_DIR)/simulate compare -spikes sonata.csv -identical -rate-tol 0.1 $(PYNN_DIR)/coba $(PYNN_DIR)/coba-np1 $(PYNN_DIR)/coba-np2
	$(PYNN_DIR)/simulate compare -spikes sonata.csv -identical $(PYNN_DIR)/night $(PYNN_DIR)/night-np1 $(PYNN_DIR)/night-np2
	@for x in coba night; do for r in np1 np2; do printf "%s on %s: " $$x $$r; \
	  $(PY) -c 'import json,sys; t=json.load(open(sys.argv[1])); print("NEURON run %.1f s wall, build %.1f s, %d spikes" % (t["run_s"], t["build_s"], t["spikes"]))' $(PYNN_DIR)/$$x-$$r/timing.json; done; done
	$(PYNN_DIR)/simulate -q -spikes-format sonata -set coba.duration_ms=200 -out $(PYNN_DIR)/engram-coba coba
	$(PY) export/files/sonata.py bmtk $(PYNN_DIR)/engram-coba/spikes.h5 $(PYNN_DIR)/engram-coba/spikes.csv
