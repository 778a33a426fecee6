package main

import (
	"bufio"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMain lets the test binary act as simulate itself (ENGRAM_RUN_MAIN
// set), so that the signal tests drive a built binary.
func TestMain(m *testing.M) {
	if os.Getenv("ENGRAM_RUN_MAIN") == "1" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// started is a simulate process whose standard error is read line by line.
type started struct {
	cmd   *exec.Cmd
	lines chan string
	err   strings.Builder
}

// start runs simulate with args in dir.
func start(t *testing.T, dir string, args ...string) *started {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "ENGRAM_RUN_MAIN=1")
	pipe, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &started{cmd: cmd, lines: make(chan string, 100)}
	go func() {
		sc := bufio.NewScanner(pipe)
		for sc.Scan() {
			p.lines <- sc.Text()
		}
		close(p.lines)
	}()
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	return p
}

// waitFor reads standard error until a line containing s.
func (p *started) waitFor(t *testing.T, s string) {
	t.Helper()
	timeout := time.After(60 * time.Second)
	for {
		select {
		case l, ok := <-p.lines:
			if !ok {
				t.Fatalf("simulate ended before printing %q:\n%s", s, p.err.String())
			}
			p.err.WriteString(l + "\n")
			if strings.Contains(l, s) {
				return
			}
		case <-timeout:
			t.Fatalf("no line with %q after 60 s:\n%s", s, p.err.String())
		}
	}
}

// signal sends sig and returns the exit status and how long the process
// took to end.
func (p *started) signal(t *testing.T, sig os.Signal) (int, time.Duration) {
	t.Helper()
	sent := time.Now()
	if err := p.cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	for l := range p.lines {
		p.err.WriteString(l + "\n")
	}
	p.cmd.Wait()
	return p.cmd.ProcessState.ExitCode(), time.Since(sent)
}

// manifest reads a results folder's engram.json.
func manifest(t *testing.T, dir string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "engram.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestInterruptKeepsWhatFinished sends SIGINT or SIGTERM to runs of every
// kind of scenario: each must stop promptly with exit 130 or 143, write
// what finished to DIR.incomplete/ and leave an earlier complete result in
// DIR untouched, never panic.
func TestInterruptKeepsWhatFinished(t *testing.T) {
	if testing.Short() {
		t.Skip("runs simulate several times for seconds each")
	}
	dir := t.TempDir()
	// A complete result to protect.
	if code, _, stderr := runCmd(t, "-q", "-set", "coba.duration_ms=50", "-out", filepath.Join(dir, "prev"), "coba"); code != 0 {
		t.Fatalf("first run: exit %d: %s", code, stderr)
	}
	before, _ := os.ReadFile(filepath.Join(dir, "prev", "metrics.json"))
	cases := []struct {
		name string
		args []string
		wait string        // a line of standard error after which to signal
		then time.Duration // and how much later
		sig  syscall.Signal
		code int
	}{
		{"coba", []string{"-set", "coba.duration_ms=600000", "-out", "prev", "coba"}, "running coba", time.Second, syscall.SIGINT, exitInterrupt},
		{"coba at once", []string{"-set", "coba.duration_ms=600000", "-out", "prev", "coba"}, "running coba", 0, syscall.SIGINT, exitInterrupt},
		{"coba TERM", []string{"-set", "coba.duration_ms=600000", "-out", "prev", "coba"}, "running coba", time.Second, syscall.SIGTERM, exitTerminated},
		{"day-night", []string{"-out", "dn", "day-night"}, "running day-night", 3 * time.Second, syscall.SIGINT, exitInterrupt},
		{"day-night at once", []string{"-out", "dn", "day-night"}, "running day-night", 0, syscall.SIGINT, exitInterrupt},
		{"replay-closeup", []string{"-out", "rc", "replay-closeup"}, "running replay-closeup", 3 * time.Second, syscall.SIGINT, exitInterrupt},
		{"pruning", []string{"-out", "pr", "pruning"}, "running pruning", time.Second, syscall.SIGTERM, exitTerminated},
		{"ann pre-training", []string{"-set", "ann.alpha=2", "-out", "an", "ann-forgetting"}, "running ann-forgetting", time.Second, syscall.SIGINT, exitInterrupt},
		{"mg-sweep", []string{"-out", "mg", "mg-sweep"}, "running mg-sweep", time.Second, syscall.SIGINT, exitInterrupt},
		{"sweep", []string{"-j", "1", "-set", "coba.duration_ms=100,300000,300001", "-out", "sw", "coba"}, "done: coba.duration_ms=100", 500 * time.Millisecond, syscall.SIGINT, exitInterrupt},
	}
	for _, c := range cases {
		p := start(t, dir, c.args...)
		p.waitFor(t, c.wait)
		time.Sleep(c.then)
		code, took := p.signal(t, c.sig)
		t.Logf("%s: exit %d %.2f s after the signal", c.name, code, took.Seconds())
		out := filepath.Join(dir, c.args[len(c.args)-2])
		if code != c.code || strings.Contains(p.err.String(), "panic") {
			t.Errorf("%s: exit %d, want %d:\n%s", c.name, code, c.code, p.err.String())
			continue
		}
		if took > 15*time.Second {
			t.Errorf("%s: ended %.1f s after the signal", c.name, took.Seconds())
		}
		if m := manifest(t, out+".incomplete"); m["complete"] != false {
			t.Errorf("%s: incomplete result's manifest %v", c.name, m)
		}
		if !strings.Contains(p.err.String(), out[len(dir)+1:]+".incomplete/") {
			t.Errorf("%s: the message does not say where the partial result is:\n%s", c.name, p.err.String())
		}
		if _, err := os.Stat(out); err == nil && !strings.HasPrefix(c.name, "coba") {
			t.Errorf("%s: a complete result folder was written by an interrupted run", c.name)
		}
	}
	if after, _ := os.ReadFile(filepath.Join(dir, "prev", "metrics.json")); string(after) != string(before) {
		t.Error("an interrupted run changed the earlier complete result")
	}
	csv, _ := os.ReadFile(filepath.Join(dir, "sw.incomplete", "sweep.csv"))
	if !strings.Contains(string(csv), "100,") || !strings.Contains(string(csv), ",true,") || !strings.Contains(string(csv), ",false,") {
		t.Errorf("interrupted sweep.csv should list the finished point and the stopped one:\n%s", csv)
	}
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if strings.Contains(e.Name(), ".tmp-") || strings.HasSuffix(e.Name(), ".lock") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

// TestSecondRunOnSameOutRefused starts a run and a second one on the same
// -out: the second exits 2 before any work, naming the first.
func TestSecondRunOnSameOutRefused(t *testing.T) {
	dir := t.TempDir()
	p := start(t, dir, "-set", "coba.duration_ms=600000", "-out", "same", "coba")
	p.waitFor(t, "running coba")
	cmd := exec.Command(os.Args[0], "-q", "-set", "coba.duration_ms=10", "-out", "same", "coba")
	cmd.Dir, cmd.Env = dir, append(os.Environ(), "ENGRAM_RUN_MAIN=1")
	var stderr strings.Builder
	cmd.Stderr, cmd.Stdout = &stderr, io.Discard
	cmd.Run()
	if code := cmd.ProcessState.ExitCode(); code != exitBadInput || !strings.Contains(stderr.String(), "another run is writing to it (process") {
		t.Errorf("second run: exit %d, %q", code, stderr.String())
	}
	if code, _ := p.signal(t, syscall.SIGINT); code != exitInterrupt {
		t.Errorf("first run: exit %d after SIGINT:\n%s", code, p.err.String())
	}
}
