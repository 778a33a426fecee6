# Engram — build and test targets.
#
#   make test     install what the tests need (when missing), then vet, test and briefly fuzz everything
#   make bench    run the benchmarks (bio-seconds per wall-second, synaptic events/s, …)
#   make bench-peers  the COBA network in Brian2 (cpp_standalone) and in Engram, side by side
#   make build    build both commands
#   make figures  remake docs/figures, docs/gallery.md and docs/viewer.png from the shipped scenarios
#   make viewer   open the live viewer on the default scenario

GO        ?= go
VIEWER_APT = libxrandr-dev libxcursor-dev libxinerama-dev libxi-dev libxxf86vm-dev libgl1-mesa-dev libxkbcommon-dev xvfb xauth
XVFB       = xvfb-run -a -s "-screen 0 1280x800x24"

.PHONY: test deps build bench bench-peers figures viewer

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
