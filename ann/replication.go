package ann

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"engram/task"

	"gonum.org/v1/gonum/stat"
)

// The replication of Kim et al. (2023) on its own terms: the Transformer of
// TrainWalks trained on N maps with the NMDA activation at several α, raw
// and gain-matched, and with control activations, over several seeds; its
// reference- and working-memory errors reported as mean ± standard error.

// Arm is one activation of the replication.
type Arm struct {
	// Name identifies the arm in tables and file names, e.g. "raw α=0.1",
	// "matched α=10", "linear gain 0.264", "GELU".
	Name string
	// Family is "raw" (the NMDA activation as Kim et al. use it),
	// "matched" (the same with its gain set by Activation.Matched) or
	// "control".
	Family string
	// Alpha is α of an NMDA arm (NaN for GELU and ReLU).
	Alpha float64
	// Act is the activation.
	Act Activation
}

// Arm families.
const (
	FamilyRaw     = "raw"
	FamilyMatched = "matched"
	FamilyControl = "control"
)

// ReplicationParams describes a replication: every load N × arm × seed.
type ReplicationParams struct {
	// Grid is the task; its Maps field is set by each run from Maps.
	Grid task.GridParams
	// Maps are the loads N.
	Maps []int
	// Alphas are the α of the NMDA arms, raw (α ≤ 0 is the identity).
	Alphas []float64
	// Matched adds the gain-matched arm of every α > 0 (for α ≤ 0 the
	// matched activation is the raw one, the identity).
	Matched bool
	// Controls adds a linear layer with the gain of the raw arm of the
	// largest α (is a smaller gain, not the gate, what matters?), and GELU
	// and ReLU.
	Controls bool
	// Seeds is the number of seeds per load and arm; seed s of every
	// arm uses the same maps, initial weights and walks (Seed + s), so
	// arms are compared pairwise.
	Seeds int
	// Seed is the seed of the first seed.
	Seed uint64
	// Train is the model and training of every run; its Act and Seed
	// are set by each run.
	Train WalkParams
}

// Validate reports the first field outside its allowed range.
func (p ReplicationParams) Validate() error {
	if len(p.Maps) == 0 {
		return fmt.Errorf("ann: replication Maps is empty, want at least one load N")
	}
	for _, n := range p.Maps {
		gp := p.Grid
		gp.Maps = n
		if err := gp.Validate(); err != nil {
			return err
		}
	}
	if len(p.Alphas) == 0 {
		return fmt.Errorf("ann: replication Alphas is empty, want at least one α")
	}
	for _, a := range p.Alphas {
		if math.IsNaN(a) || math.IsInf(a, 0) || a > 1e6 {
			return fmt.Errorf("ann: replication α = %v, want a finite α ≤ 10⁶", a)
		}
	}
	if p.Seeds < 1 || p.Seeds > 1000 {
		return fmt.Errorf("ann: replication Seeds = %d, want 1 ≤ Seeds ≤ 1000", p.Seeds)
	}
	for _, a := range p.Arms() {
		t := p.Train
		t.Act = a.Act
		if err := t.Validate(); err != nil {
			return fmt.Errorf("ann: replication arm %s: %w", a.Name, err)
		}
	}
	return nil
}

// Arms returns the arms of p: the raw α in order, the matched α > 0, then
// the controls.
func (p ReplicationParams) Arms() []Arm {
	beta := p.Train.Act.NMDA.Beta
	if beta == 0 {
		beta = 1
	}
	nmda := func(a float64) Activation { return Activation{Kind: ActNMDA, NMDA: NMDA{Alpha: a, Beta: beta}} }
	var arms []Arm
	for _, a := range p.Alphas {
		arms = append(arms, Arm{Name: "raw α=" + fmtG(a), Family: FamilyRaw, Alpha: a, Act: nmda(a)})
	}
	if p.Matched {
		for _, a := range p.Alphas {
			if a > 0 {
				arms = append(arms, Arm{Name: "matched α=" + fmtG(a), Family: FamilyMatched, Alpha: a, Act: nmda(a).Matched()})
			}
		}
	}
	if p.Controls {
		top := math.Inf(-1)
		for _, a := range p.Alphas {
			top = max(top, a)
		}
		g := nmda(top).RMS()
		lin := nmda(0)
		lin.Gain = g
		if g == 1 {
			lin.Gain = 0
		}
		arms = append(arms,
			Arm{Name: "linear gain " + strconv.FormatFloat(g, 'f', 3, 64), Family: FamilyControl, Alpha: 0, Act: lin},
			Arm{Name: "GELU", Family: FamilyControl, Alpha: math.NaN(), Act: Activation{Kind: ActGELU}},
			Arm{Name: "ReLU", Family: FamilyControl, Alpha: math.NaN(), Act: Activation{Kind: ActReLU}})
	}
	return arms
}

func fmtG(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// ReplicationRun is one training run of a replication.
type ReplicationRun struct {
	Maps int
	Arm  Arm
	// SeedIndex is s, from 0; Seed = ReplicationParams.Seed + s.
	SeedIndex int
	Seed      uint64
}

// Key names the run uniquely within its replication, for example
// "N8 raw α=0.1 seed 2" (the seed is the run's Seed).
func (r ReplicationRun) Key() string {
	return fmt.Sprintf("N%d %s seed %d", r.Maps, r.Arm.Name, r.Seed)
}

// Runs returns the runs of p, seed by seed (the first seed of every load
// and arm, then the second …), so that an interrupted replication has
// results for every arm.
func (p ReplicationParams) Runs() []ReplicationRun {
	var runs []ReplicationRun
	for s := range p.Seeds {
		for _, n := range p.Maps {
			for _, a := range p.Arms() {
				runs = append(runs, ReplicationRun{Maps: n, Arm: a, SeedIndex: s, Seed: p.Seed + uint64(s)})
			}
		}
	}
	return runs
}

// Run trains the run's model (TrainWalks on the run's maps).
func (p ReplicationParams) Run(ctx context.Context, r ReplicationRun, progress func(step int)) (*WalkResult, error) {
	gp := p.Grid
	gp.Maps = r.Maps
	g, err := task.GenerateGrid(gp, r.Seed)
	if err != nil {
		return nil, err
	}
	t := p.Train
	t.Act, t.Seed = r.Arm.Act, r.Seed
	return TrainWalks(ctx, g, t, progress)
}

// ReplicateOptions are the settings of Replicate.
type ReplicateOptions struct {
	// Jobs is the number of runs trained at once, ≥ 1 (results do not
	// depend on it).
	Jobs int
	// Have holds results already made, by run key (a resumed
	// replication); their runs are not trained again.
	Have map[string]*WalkResult
	// Done, if not nil, is called with every run that completes (one
	// call at a time).
	Done func(ReplicationRun, *WalkResult) error
	// Step, if not nil, is called after every training step of any run
	// (from several goroutines).
	Step func()
}

// Replicate trains the runs of p that o.Have lacks, o.Jobs at a time, and
// returns every completed result by run key (o.Have's included). When ctx
// is cancelled, the runs in progress are dropped and the completed ones
// returned; the error is then nil and the map lacks some runs.
func Replicate(ctx context.Context, p ReplicationParams, o ReplicateOptions) (map[string]*WalkResult, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	out := map[string]*WalkResult{}
	var todo []ReplicationRun
	for _, r := range p.Runs() {
		if res, ok := o.Have[r.Key()]; ok && res != nil && res.Complete {
			out[r.Key()] = res
		} else {
			todo = append(todo, r)
		}
	}
	var mu sync.Mutex
	var firstErr error
	next := atomic.Int64{}
	var wg sync.WaitGroup
	for range max(o.Jobs, 1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(todo) || ctx.Err() != nil {
					return
				}
				r := todo[i]
				var step func(int)
				if o.Step != nil {
					step = func(int) { o.Step() }
				}
				res, err := p.Run(ctx, r, step)
				mu.Lock()
				switch {
				case err != nil:
					if firstErr == nil {
						firstErr = fmt.Errorf("%s: %w", r.Key(), err)
					}
				case res.Complete:
					out[r.Key()] = res
					if o.Done != nil && firstErr == nil {
						if err := o.Done(r, res); err != nil {
							firstErr = err
						}
					}
				}
				stop := firstErr != nil
				mu.Unlock()
				if stop {
					return
				}
			}
		}()
	}
	wg.Wait()
	return out, firstErr
}

// Stat is a mean over seeds and its standard error (sample standard
// deviation/√n; NaN for n < 2).
type Stat struct {
	Mean, SE float64
	N        int
}

// NewStat returns the mean of x and its standard error, the sample
// standard deviation over √n (stat.MeanStdDev, stat.StdErr): NaN for both
// when x is empty, NaN for the error when x has one value.
func NewStat(x []float64) Stat {
	m, sd := stat.MeanStdDev(x, nil)
	n := len(x)
	if n < 2 {
		sd = math.NaN()
	}
	return Stat{Mean: m, SE: stat.StdErr(sd, float64(n)), N: n}
}

// String formats s as "0.123 ± 0.004".
func (s Stat) String() string {
	return strconv.FormatFloat(s.Mean, 'f', 3, 64) + " ± " + strconv.FormatFloat(s.SE, 'f', 3, 64)
}

// CurveStat is one point of a learning curve averaged over seeds.
type CurveStat struct {
	Step               int
	Reference, Working Stat
}

// ArmSummary is the outcome of one load and arm over its seeds.
type ArmSummary struct {
	Maps int
	Arm  Arm
	// Reference and Working are the final reference- and working-memory
	// errors over the seeds.
	Reference, Working Stat
	// VsLinear is the paired difference of the reference-memory error
	// from the raw α = 0 arm of the same seed (negative: better than the
	// linear layer); N = 0 when the replication has no α = 0 arm.
	VsLinear Stat
	// Curve is the learning curve of reference- and working-memory error.
	Curve []CurveStat
	// ConvergedStep is the first step of Curve from which the mean
	// reference-memory error stays within 0.02 of its last value.
	ConvergedStep int
}

// Summarise returns the summary of every load and arm of p that has
// results, in the order of p.Maps and p.Arms.
func Summarise(p ReplicationParams, res map[string]*WalkResult) []ArmSummary {
	var out []ArmSummary
	for _, n := range p.Maps {
		linear := map[uint64]float64{}
		for _, r := range p.Runs() {
			if r.Maps == n && r.Arm.Family == FamilyRaw && r.Arm.Alpha <= 0 {
				if w := res[r.Key()]; w != nil {
					linear[r.Seed] = w.Final.ReferenceError()
				}
			}
		}
		for _, a := range p.Arms() {
			var ref, work, diff []float64
			var curves [][]WalkPoint
			for _, r := range p.Runs() {
				if r.Maps != n || r.Arm.Name != a.Name {
					continue
				}
				w := res[r.Key()]
				if w == nil {
					continue
				}
				ref = append(ref, w.Final.ReferenceError())
				work = append(work, w.Final.WorkingError())
				if l, ok := linear[r.Seed]; ok {
					diff = append(diff, w.Final.ReferenceError()-l)
				}
				curves = append(curves, w.Curve)
			}
			if len(ref) == 0 {
				continue
			}
			s := ArmSummary{Maps: n, Arm: a, Reference: NewStat(ref), Working: NewStat(work), VsLinear: NewStat(diff)}
			if len(diff) == 0 {
				s.VsLinear = Stat{Mean: math.NaN(), SE: math.NaN()}
			}
			s.Curve = meanCurve(curves)
			s.ConvergedStep = convergedStep(s.Curve, 0.02)
			out = append(out, s)
		}
	}
	return out
}

// meanCurve averages learning curves point by point (over the points all
// of them have).
func meanCurve(curves [][]WalkPoint) []CurveStat {
	n := math.MaxInt
	for _, c := range curves {
		n = min(n, len(c))
	}
	out := make([]CurveStat, n)
	for i := range out {
		var ref, work []float64
		for _, c := range curves {
			ref = append(ref, c[i].Score.ReferenceError())
			work = append(work, c[i].Score.WorkingError())
		}
		out[i] = CurveStat{Step: curves[0][i].Step, Reference: NewStat(ref), Working: NewStat(work)}
	}
	return out
}

// convergedStep returns the first step from which the curve's mean
// reference-memory error stays within tol of its last value.
func convergedStep(c []CurveStat, tol float64) int {
	if len(c) == 0 {
		return 0
	}
	last := c[len(c)-1].Reference.Mean
	at := c[len(c)-1].Step
	for i := len(c) - 1; i >= 0; i-- {
		if math.Abs(c[i].Reference.Mean-last) > tol {
			break
		}
		at = c[i].Step
	}
	return at
}

// Direction states, for load n, how the reference-memory error of each
// NMDA arm with α > 0 compares with that of α = 0 (the linear layer), by
// the paired difference over seeds: lower or higher when it is at least 2
// standard errors from 0, otherwise not clearly different. It names no
// side in advance: the sentence says what the numbers show. It also
// returns the arm whose paired difference is largest and that difference
// (a NaN mean when there is nothing to compare).
func Direction(sum []ArmSummary, n int) (sentence, largest string, diff Stat) {
	var lin *ArmSummary
	var lower, higher, same []string
	var big *ArmSummary
	for i := range sum {
		s := &sum[i]
		if s.Maps != n || s.Arm.Family == FamilyControl {
			continue
		}
		if s.Arm.Family == FamilyRaw && s.Arm.Alpha <= 0 {
			lin = s
			continue
		}
		d := s.VsLinear
		switch {
		case d.N < 2 || math.IsNaN(d.SE):
			same = append(same, s.Arm.Name)
		case d.Mean <= -2*d.SE && d.Mean < 0:
			lower = append(lower, s.Arm.Name)
		case d.Mean >= 2*d.SE && d.Mean > 0:
			higher = append(higher, s.Arm.Name)
		default:
			same = append(same, s.Arm.Name)
		}
		if big == nil || math.Abs(d.Mean) > math.Abs(big.VsLinear.Mean) {
			big = s
		}
	}
	if lin == nil || big == nil {
		return fmt.Sprintf("N = %d: no α = 0 arm and α > 0 arm to compare", n), "", Stat{Mean: math.NaN(), SE: math.NaN()}
	}
	list := func(x []string) string {
		if len(x) == 0 {
			return "none"
		}
		return strings.Join(x, ", ")
	}
	return fmt.Sprintf("N = %d, against α = 0 (reference-memory error %s, %d seeds): lower for %s; higher for %s; "+
		"not clearly different (< 2 paired SE) for %s",
		n, lin.Reference, lin.Reference.N, list(lower), list(higher), list(same)), big.Arm.Name, big.VsLinear
}

// SortedKeys returns the keys of res in order (for deterministic output).
func SortedKeys(res map[string]*WalkResult) []string {
	keys := make([]string, 0, len(res))
	for k := range res {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
