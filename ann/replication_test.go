package ann

import (
	"context"
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"

	"engram/task"
)

// tinyReplication is a replication small enough for a unit test: a 4×4
// grid, a model of width 8, 12 steps.
func tinyReplication() ReplicationParams {
	gp := task.GridParams{Side: 4, Observations: 4, Context: 8}
	t := DefaultWalkParams()
	t.DModel, t.DFF, t.Heads = 8, 16, 2
	t.Steps, t.WarmupSteps, t.Batch, t.EvalEvery, t.EvalWalks, t.FinalWalks = 12, 2, 4, 4, 8, 16
	return ReplicationParams{Grid: gp, Maps: []int{2, 3}, Alphas: []float64{0, 1}, Matched: true, Controls: true,
		Seeds: 2, Seed: 5, Train: t}
}

func TestReplicationArms(t *testing.T) {
	p := tinyReplication()
	var names []string
	for _, a := range p.Arms() {
		names = append(names, a.Name)
	}
	want := "raw α=0,raw α=1,matched α=1,linear gain 0.596,GELU,ReLU"
	if got := strings.Join(names, ","); got != want {
		t.Fatalf("arms %s, want %s", got, want)
	}
	if n := len(p.Runs()); n != 2*2*6 {
		t.Fatalf("%d runs", n)
	}
	bad := p
	bad.Seeds = 0
	if bad.Validate() == nil {
		t.Error("0 seeds accepted")
	}
	bad = p
	bad.Maps = []int{0}
	if bad.Validate() == nil {
		t.Error("0 maps accepted")
	}
}

// TestReplicateDeterministic checks that the results do not depend on the
// number of jobs, that a resumed replication trains only what it lacks and
// ends with the same results, and that results survive JSON.
func TestReplicateDeterministic(t *testing.T) {
	p := tinyReplication()
	p.Maps = []int{2}
	ctx := context.Background()
	one, err := Replicate(ctx, p, ReplicateOptions{Jobs: 1})
	if err != nil {
		t.Fatal(err)
	}
	steps := 0
	two, err := Replicate(ctx, p, ReplicateOptions{Jobs: 2, Step: func() {}})
	if err != nil {
		t.Fatal(err)
	}
	if len(one) != len(p.Runs()) || !reflect.DeepEqual(one, two) {
		t.Fatal("results depend on the number of jobs")
	}
	have := map[string]*WalkResult{}
	for i, k := range SortedKeys(one) {
		if i%2 == 0 {
			b, _ := json.Marshal(one[k])
			var w WalkResult
			if err := json.Unmarshal(b, &w); err != nil {
				t.Fatal(err)
			}
			have[k] = &w
		}
	}
	var done []string
	resumed, err := Replicate(ctx, p, ReplicateOptions{Jobs: 2, Have: have, Step: func() { steps++ },
		Done: func(r ReplicationRun, _ *WalkResult) error { done = append(done, r.Key()); return nil }})
	if err != nil {
		t.Fatal(err)
	}
	if len(done) != len(one)-len(have) {
		t.Errorf("resumed: trained %d runs, want %d", len(done), len(one)-len(have))
	}
	for k, w := range one {
		if !reflect.DeepEqual(w, resumed[k]) {
			t.Fatalf("%s differs after resuming (or a JSON round trip)", k)
		}
	}
	sum := Summarise(p, one)
	if len(sum) != len(p.Arms()) {
		t.Fatalf("%d summaries", len(sum))
	}
	for _, s := range sum {
		if s.Reference.N != 2 || math.IsNaN(s.Reference.SE) || len(s.Curve) != 3 {
			t.Errorf("%s: %+v", s.Arm.Name, s)
		}
		if s.Arm.Name == "raw α=0" && s.VsLinear.Mean != 0 {
			t.Errorf("α = 0 against itself: %v", s.VsLinear)
		}
	}
	d, arm, big := Direction(sum, 2)
	if math.IsNaN(big.Mean) || arm == "" || !strings.Contains(d, "against α = 0") {
		t.Errorf("direction %q, largest difference %s %v", d, arm, big)
	}
	t.Log(d)
}

// TestReplicateCancel stops a replication at once: no run completes, no
// error.
func TestReplicateCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err := Replicate(ctx, tinyReplication(), ReplicateOptions{Jobs: 2})
	if err != nil || len(res) != 0 {
		t.Fatalf("%d results, %v", len(res), err)
	}
}

func TestStat(t *testing.T) {
	s := NewStat([]float64{1, 2, 3, 4})
	if s.Mean != 2.5 || math.Abs(s.SE-math.Sqrt(5.0/3/4)) > 1e-15 || s.N != 4 {
		t.Fatalf("%+v", s)
	}
	if !math.IsNaN(NewStat([]float64{1}).SE) || !math.IsNaN(NewStat(nil).Mean) {
		t.Fatal("degenerate stats")
	}
}
