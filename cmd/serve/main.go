// Command serve serves Engram's web page — the live viewer built as
// WebAssembly by `make web` — or any results folder (its report.html) on
// this machine, so that a browser can open it.
//
//	serve [-addr localhost:8080] [-dir web]
//
// It prints the address to open and serves until interrupted. WebAssembly
// is served as application/wasm (browsers compile nothing else), and
// nothing is cached, so a rebuilt viewer is picked up on reload. Exit
// status: 0 after an interrupt, 1 the server failed, 2 bad input.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"
)

const (
	exitOK       = 0
	exitFail     = 1
	exitBadInput = 2
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "localhost:8080", "listen on `HOST:PORT` (port 0: any free port)")
	dir := fs.String("dir", "web", "serve the files of `DIR` (the page built by make web, or a results folder)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, `serve — serve Engram's web page (make web) or a results folder to a browser.

usage: serve [flags]

examples:
  make web && serve                      the live viewer at http://localhost:8080/
  serve -dir results/day-night -addr localhost:8081   a run's report.html

flags:
`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitBadInput
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "serve: unexpected argument %q (use -dir DIR)\n", fs.Arg(0))
		return exitBadInput
	}
	if err := checkDir(*dir); err != nil {
		fmt.Fprintf(stderr, "serve: %v\n", err)
		return exitBadInput
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "serve: -addr %s: %v\n", *addr, err)
		return exitBadInput
	}
	srv := &http.Server{Handler: Handler(*dir), ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(stdout, "serving %s at http://%s/\n", *dir, ln.Addr())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		fmt.Fprintf(stderr, "serve: %v\n", err)
		return exitFail
	case <-ctx.Done():
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(shut)
		return exitOK
	}
}

// checkDir refuses a -dir that is not a folder with an index.html or a
// report.html to open.
func checkDir(dir string) error {
	st, err := os.Stat(dir)
	if err != nil || !st.IsDir() {
		return fmt.Errorf("-dir %s: not an existing folder (build the page with make web)", dir)
	}
	for _, page := range []string{"index.html", "report.html"} {
		if _, err := os.Stat(filepath.Join(dir, page)); err == nil {
			return nil
		}
	}
	return fmt.Errorf("-dir %s: has no index.html or report.html (build the page with make web)", dir)
}

// Handler serves the files of dir, WebAssembly as application/wasm, with
// caching turned off.
func Handler(dir string) http.Handler {
	files := http.FileServer(http.Dir(dir))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if filepath.Ext(r.URL.Path) == ".wasm" {
			w.Header().Set("Content-Type", "application/wasm")
		}
		w.Header().Set("Cache-Control", "no-cache")
		files.ServeHTTP(w, r)
	})
}
