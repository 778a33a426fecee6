package sim

import (
	"fmt"
	"math"
)

// Poisson is a population of independent Poisson spike sources. Each
// source's rate (Hz) may be changed between steps, which is how theta-
// modulated place-field input and item cues are driven.
type Poisson struct {
	population
	net *Network
	// Rates holds each source's rate, Hz. Change it between steps.
	Rates   []float64
	stream  uint64
	wspikes [][]int32
	forced  []int32
}

// AddPoisson adds size Poisson sources firing at rateHz each.
func (n *Network) AddPoisson(name string, size int, rateHz float64) (*Poisson, error) {
	if n.frozen {
		return nil, fmt.Errorf("sim: AddPoisson %q after the network has started", name)
	}
	if size <= 0 {
		return nil, fmt.Errorf("sim: Poisson %q: size = %d, want > 0", name, size)
	}
	if err := checkRate(rateHz, n.dt); err != nil {
		return nil, fmt.Errorf("sim: Poisson %q: %w", name, err)
	}
	s := &Poisson{population: population{name: name, size: size}, net: n,
		Rates: make([]float64, size), stream: hashString("poisson:" + name),
		wspikes: make([][]int32, n.workers)}
	for i := range s.Rates {
		s.Rates[i] = rateHz
	}
	n.sources = append(n.sources, s)
	return s, nil
}

func checkRate(hz, dt float64) error {
	if !(hz >= 0) || hz*dt/1000 > 1 {
		return fmt.Errorf("rate = %v Hz, want 0 ≤ rate ≤ 1/dt = %v Hz", hz, 1000/dt)
	}
	return nil
}

// Fire makes source i spike in the next step, whatever its rate (a
// scripted pattern spike).
func (s *Poisson) Fire(i int) { s.forced = append(s.forced, int32(i)) }

// draw decides which sources in lo..hi−1 spike this step: source i spikes
// with probability rate·dt, from a generator keyed by (seed, step, i).
func (s *Poisson) draw(lo, hi, wk int, n *Network) {
	sp := s.wspikes[wk][:0]
	pdt := n.dt / 1000
	key, step := n.seed^s.stream, n.step
	for i, r := range s.Rates[lo:hi] {
		if r > 0 && uniform(key, step, lo+i) < r*pdt {
			sp = append(sp, int32(lo+i))
		}
	}
	s.wspikes[wk] = sp
}

// collect merges the workers' spikes and the forced ones, ascending.
func (s *Poisson) collect() {
	s.spikes = s.spikes[:0]
	if s.paused {
		s.forced = s.forced[:0]
		return
	}
	for wk := range s.wspikes {
		s.spikes = append(s.spikes, s.wspikes[wk]...)
	}
	if len(s.forced) > 0 {
		s.spikes = mergeSorted(s.spikes, s.forced)
		s.forced = s.forced[:0]
	}
	s.count += int64(len(s.spikes))
}

// mergeSorted returns the ascending union of a (ascending) and extra.
func mergeSorted(a, extra []int32) []int32 {
	for _, x := range extra {
		k := 0
		for k < len(a) && a[k] < x {
			k++
		}
		if k < len(a) && a[k] == x {
			continue
		}
		a = append(a, 0)
		copy(a[k+1:], a[k:])
		a[k] = x
	}
	return a
}

// poissonInput is a background of many independent Poisson synapses onto
// every cell of a group, drawn as a Poisson count per cell per step (like
// Brian2's PoissonInput). It adds count·weight to one receptor.
type poissonInput struct {
	rec     int
	lambda  float64   // expected events per cell per step
	weight  float64   // nS or pA per event
	cdf     []float64 // cumulative Poisson probabilities P(k ≤ m)
	stream  uint64
	events  []int64 // per worker
	enabled bool
}

// AddPoissonInput drives every cell of the group through receptor rec
// with n independent Poisson synapses of rateHz each and weight w (nS, or
// pA for current receptors). It may be switched with SetBackground.
func (g *Group) AddPoissonInput(rec Receptor, n int, rateHz, w float64) error {
	if g.net.frozen {
		return fmt.Errorf("sim: group %q: AddPoissonInput after the network has started", g.name)
	}
	if rec.g != g {
		return fmt.Errorf("sim: group %q: receptor %q belongs to group %q", g.name, rec.Name(), rec.g.name)
	}
	if n < 0 || !(rateHz >= 0) || math.IsInf(rateHz, 0) || !(w >= 0) || math.IsInf(w, 0) {
		return fmt.Errorf("sim: group %q: Poisson input n = %d, rate = %v Hz, w = %v; want n ≥ 0, rate ≥ 0, w ≥ 0, all finite", g.name, n, rateHz, w)
	}
	lambda := float64(n) * rateHz * g.net.dt / 1000
	if lambda > 50 {
		return fmt.Errorf("sim: group %q: Poisson input of %v events per step; want ≤ 50 (fewer synapses, a lower rate or a smaller dt)", g.name, lambda)
	}
	in := &poissonInput{rec: rec.i, lambda: lambda, weight: w, enabled: true,
		stream: hashString(fmt.Sprintf("input:%s:%d", g.name, len(g.inputs))),
		events: make([]int64, g.net.workers)}
	// Cumulative distribution up to where the tail is below 1e-12.
	pk := math.Exp(-lambda)
	cum := pk
	for k := 1; cum < 1-1e-12 && k < 200; k++ {
		in.cdf = append(in.cdf, cum)
		pk *= lambda / float64(k)
		cum += pk
	}
	in.cdf = append(in.cdf, cum)
	g.inputs = append(g.inputs, in)
	return nil
}

// SetBackground switches every Poisson input of the group on or off.
func (g *Group) SetBackground(on bool) {
	for _, in := range g.inputs {
		in.enabled = on
	}
}

// draw adds this step's background events to cells lo..hi−1.
func (in *poissonInput) draw(g *Group, lo, hi, wk int, n *Network) {
	if !in.enabled || in.lambda == 0 {
		return
	}
	a := g.recA[in.rec]
	b := g.recB[in.rec]
	x := in.weight * g.norm[in.rec]
	cdf := in.cdf
	p0 := cdf[0] // P(no event)
	key, step := n.seed^in.stream, n.step
	var count int64
	for i := lo; i < hi; i++ {
		u := uniform(key, step, i)
		if u < p0 {
			continue
		}
		k := 1
		for k < len(cdf) && u >= cdf[k] {
			k++
		}
		count += int64(k)
		a[i] += float64(k) * x
		if b != nil {
			b[i] += float64(k) * x
		}
	}
	in.events[wk] += count
}

// uniform returns a number in [0, 1) determined by (key, step, i) alone:
// the SplitMix64 finaliser (Steele, Lea & Flood 2014) of their mix. It lets
// any worker draw the random numbers of any cell and step.
func uniform(key uint64, step int64, i int) float64 {
	z := key ^ uint64(step)*0x9e3779b97f4a7c15 ^ uint64(i)*0xd1b54a32d192ed03
	z ^= z >> 30
	z *= 0xbf58476d1ce4e5b9
	z ^= z >> 27
	z *= 0x94d049bb133111eb
	z ^= z >> 31
	return float64(int64(z>>11)) * (1.0 / (1 << 53)) // z>>11 < 2⁵³: exact, and a signed conversion is one instruction
}
