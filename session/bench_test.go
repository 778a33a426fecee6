package session

import (
	"context"
	"engram/scenarios"
	"testing"
	"time"
)

// BenchmarkSession times a live session of the default scenario with no
// viewer, as fast as possible, over its first simulated 8 s (day 0's
// awake part and most of its night, both regions stepping), reporting
// the simulated seconds per wall second: the most a viewer drawing the
// session could show.
func BenchmarkSession(b *testing.B) {
	const simMs = 8000
	sc, err := scenarios.Load(scenarios.DefaultName)
	if err != nil {
		b.Fatal(err)
	}
	var wall float64
	for b.Loop() {
		s, err := New(sc)
		if err != nil {
			b.Fatal(err)
		}
		s.Do(Command{Op: OpSpeed}) // as fast as possible
		s.At(simMs, Command{Op: OpPause})
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		start := time.Now()
		go func() { done <- s.Run(ctx) }()
		for !s.Snapshot().Paused {
			time.Sleep(time.Millisecond)
		}
		wall += time.Since(start).Seconds()
		cancel()
		<-done
		s.Close()
	}
	b.ReportMetric(simMs/1000*float64(b.N)/wall, "bio_s_per_wall_s")
}
