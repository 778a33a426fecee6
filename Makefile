# Engram — build and test targets.
#
#   make test     install what the tests need (when missing), then vet and test everything
#   make bench    run the benchmarks (bio-seconds per wall-second, synaptic events/s, …)
#   make build    build both commands
#   make figures  remake docs/figures and docs/gallery.md from the shipped scenarios

GO        ?= go
VIEWER_APT = libxrandr-dev libxcursor-dev libxinerama-dev libxi-dev libxxf86vm-dev libgl1-mesa-dev libxkbcommon-dev xvfb xauth
XVFB       = xvfb-run -a -s "-screen 0 1280x800x24"

.PHONY: test deps build bench figures

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

test: deps
	$(GO) vet ./...
	@if [ -n "$$DISPLAY" ]; then $(GO) test ./...; else $(XVFB) $(GO) test ./...; fi

build:
	$(GO) build ./...

bench:
	$(GO) test -run '^$$' -bench . -benchtime 3x ./...

figures:
	$(GO) run ./cmd/simulate gallery -out docs
