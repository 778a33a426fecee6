package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// page makes a folder with an index.html and a .wasm file.
func page(t *testing.T) string {
	dir := t.TempDir()
	for name, body := range map[string]string{"index.html": "<!doctype html><title>x</title>", "engram.wasm": "\x00asm\x01\x00\x00\x00"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestHandler checks the types browsers need: WebAssembly as
// application/wasm, pages as HTML, and no caching.
func TestHandler(t *testing.T) {
	srv := httptest.NewServer(Handler(page(t)))
	defer srv.Close()
	for path, want := range map[string]string{"/engram.wasm": "application/wasm", "/": "text/html; charset=utf-8",
		"/index.html": "text/html; charset=utf-8"} {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK && !(path == "/index.html" && resp.StatusCode == http.StatusMovedPermanently) {
			t.Errorf("%s: status %d", path, resp.StatusCode)
		}
		if got := resp.Header.Get("Content-Type"); resp.StatusCode == http.StatusOK && got != want {
			t.Errorf("%s: Content-Type %q, want %q", path, got, want)
		}
		if got := resp.Header.Get("Cache-Control"); got != "no-cache" {
			t.Errorf("%s: Cache-Control %q", path, got)
		}
	}
	if resp, err := http.Get(srv.URL + "/missing.js"); err != nil || resp.StatusCode != http.StatusNotFound {
		t.Errorf("a missing file: %v, %v", resp.StatusCode, err)
	}
}

// TestBadInput checks that a folder without a page, a bad address and
// stray arguments exit 2 with a message saying what to do.
func TestBadInput(t *testing.T) {
	empty := t.TempDir()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-dir", filepath.Join(empty, "missing")}, "not an existing folder (build the page with make web)"},
		{[]string{"-dir", empty}, "has no index.html or report.html"},
		{[]string{"-dir", page(t), "-addr", "localhost:99999"}, "-addr localhost:99999"},
		{[]string{"-dir", page(t), "extra"}, "unexpected argument"},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), c.args, &stdout, &stderr); code != exitBadInput || !strings.Contains(stderr.String(), c.want) {
			t.Errorf("serve %v: exit %d, %q; want exit 2 and %q", c.args, code, stderr.String(), c.want)
		}
	}
}

// TestServe runs the server on a free port, fetches the page and stops it
// as an interrupt would.
func TestServe(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	r, w := io.Pipe()
	done := make(chan int, 1)
	go func() { done <- run(ctx, []string{"-dir", page(t), "-addr", "127.0.0.1:0"}, w, io.Discard) }()
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	go io.Copy(io.Discard, r)
	url := strings.TrimSpace(line[strings.Index(line, "http://"):])
	resp, err := http.Get(url + "engram.wasm")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/wasm" {
		t.Errorf("%s: %d %q", url, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	cancel()
	select {
	case code := <-done:
		if code != exitOK {
			t.Errorf("exit %d after the interrupt, want 0", code)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop")
	}
}
