# Engram — build and test targets.
#
#   make test     install what the tests need (when missing), then vet, test and briefly fuzz everything
#   make bench    run the benchmarks (bio-seconds per wall-second, synaptic events/s, …)
#   make build    build both commands
#   make figures  remake docs/figures, docs/gallery.md and docs/viewer.png from the shipped scenarios
#   make viewer   open the live viewer on the default scenario
#   make pynn-check  export coba and a replay-closeup night, run them on NEURON (PyNN) serially
#                 and on 2 MPI ranks, read the SONATA spikes back and compare with Engram (slow:
#                 about 15–25 min on a loaded 2-core machine, so not part of make test or CI)

GO        ?= go
VIEWER_APT = libxrandr-dev libxcursor-dev libxinerama-dev libxi-dev libxxf86vm-dev libgl1-mesa-dev libxkbcommon-dev xvfb xauth
XVFB       = xvfb-run -a -s "-screen 0 1280x800x24"

.PHONY: test deps build bench figures viewer pynn-deps pynn-check

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
	@if [ -n "$$DISPLAY" ]; then $(GO) test ./...; else $(XVFB) $(GO) test ./...; fi
	@for t in $(FUZZ); do pkg=$${t%%:*}; f=$${t##*:}; \
	  $(GO) test -run '^$$' -fuzz "^$$f\$$" -fuzztime $(FUZZTIME) $$pkg >/tmp/engram-fuzz.log 2>&1 || \
	  { cat /tmp/engram-fuzz.log; echo "fuzzing $$f ($$pkg) failed"; exit 1; }; done; \
	echo "fuzzed $(FUZZ) for $(FUZZTIME) each"

build:
	$(GO) build ./...

bench:
	$(GO) test -run '^$$' -bench . -benchtime 3x ./...

# The viewer's screenshot: the default scenario as fast as it runs, paused
# in the third night just after a detected ripple (a deterministic frame).
VIEWER_SHOT = speed=max@0ms,pause@29.3s,screenshot=docs/viewer.png@29.3s,quit@29.3s

figures: deps
	$(GO) run ./cmd/simulate gallery -out docs
	@if [ -n "$$DISPLAY" ]; then $(GO) run ./cmd/viewer -script "$(VIEWER_SHOT)"; \
	else $(XVFB) $(GO) run ./cmd/viewer -script "$(VIEWER_SHOT)"; fi

viewer: deps
	$(GO) run ./cmd/viewer

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
	@missing=""; for p in $(PYNN_APT); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null) || exit 1; \
	  else \
	    echo "missing packages; run:  sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi
	@[ -f $(PYNN_NMODL)/x86_64/.libs/libnrnmech.so ] || sh export/files/nrnmech.sh $(PYNN_NMODL)

# pynn-check exports the COBA network (its first COBA_MS ms) and the first
# NIGHT_MS ms of replay-closeup's night (after encoding), runs each on NEURON
# through PyNN on 1 and on 2 MPI ranks, converts the SONATA spikes back to
# CSV, and compares them with Engram's run of the same window (simulate
# compare: rates, CV(ISI), sharp-wave ripples and replay by Engram's own
# detector; identical trains on 1 and 2 ranks; COBA's rate within 10 %).
# It ends with a SONATA file written by simulate itself, opened by bmtk.
pynn-check: pynn-deps
	rm -rf $(PYNN_DIR) && mkdir -p $(PYNN_DIR)
	$(GO) build -o $(PYNN_DIR)/simulate ./cmd/simulate
	$(PYNN_DIR)/simulate export -format pynn -out $(PYNN_DIR)/coba -duration $(COBA_MS) coba
	$(PYNN_DIR)/simulate export -format pynn -out $(PYNN_DIR)/night -duration $(NIGHT_MS) replay-closeup
	@for x in coba night; do \
	  sh $(PYNN_DIR)/$$x/nrnmech.sh && \
	  $(PY) $(PYNN_DIR)/$$x/run.py -o $(PYNN_DIR)/$$x-np1 && \
	  $(MPIRUN) $(PY) $(PYNN_DIR)/$$x/run.py -o $(PYNN_DIR)/$$x-np2 && \
	  for r in np1 np2; do $(PY) export/files/sonata.py h5tocsv $(PYNN_DIR)/$$x-$$r/spikes.h5 $(PYNN_DIR)/$$x-$$r/sonata.csv || exit 1; done || exit 1; \
	done
	$(PYNN_DIR)/simulate compare -spikes sonata.csv -identical -rate-tol 0.1 $(PYNN_DIR)/coba $(PYNN_DIR)/coba-np1 $(PYNN_DIR)/coba-np2
	$(PYNN_DIR)/simulate compare -spikes sonata.csv -identical $(PYNN_DIR)/night $(PYNN_DIR)/night-np1 $(PYNN_DIR)/night-np2
	@for x in coba night; do for r in np1 np2; do printf "%s on %s: " $$x $$r; \
	  $(PY) -c 'import json,sys; t=json.load(open(sys.argv[1])); print("NEURON run %.1f s wall, build %.1f s, %d spikes" % (t["run_s"], t["build_s"], t["spikes"]))' $(PYNN_DIR)/$$x-$$r/timing.json; done; done
	$(PYNN_DIR)/simulate -q -spikes-format sonata -set coba.duration_ms=200 -out $(PYNN_DIR)/engram-coba coba
	$(PY) export/files/sonata.py bmtk $(PYNN_DIR)/engram-coba/spikes.h5 $(PYNN_DIR)/engram-coba/spikes.csv
