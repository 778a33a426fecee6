package sim

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// kernelNet builds a small network that takes every kernel's path: AdEx
// cells with rise-and-decay conductances, with and without the LFP, plain
// LIF cells with two single-exponential conductances, and adapting LIF
// cells with current receptors and a Poisson background, in groups whose
// sizes are not multiples of four, driven to spike; m integrates them.
func kernelNet(t *testing.T, m Method) *Network {
	t.Helper()
	n := methodNet(t, m)
	adex := NeuronParams{CpF: 200, GLnS: 10, ELmV: -65, VthMV: -50, VresetMV: -58, TrefMs: 2,
		DeltaTmV: 2, VpeakMV: 0, AnS: 2, BpA: 40, TauWMs: 150}
	src, err := n.AddPoisson("in", 203, 40)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		size int
		lfp  bool
	}{{"pc", 203, true}, {"bc", 37, false}} {
		g, err := n.AddGroup(c.name, c.size, adex)
		if err != nil {
			t.Fatal(err)
		}
		e, err := g.AddReceptor(ReceptorParams{Name: "E", Kind: Conductance, RiseMs: 0.5, DecayMs: 5, ErevMV: 0})
		if err != nil {
			t.Fatal(err)
		}
		i, err := g.AddReceptor(ReceptorParams{Name: "I", Kind: Conductance, RiseMs: 0.3, DecayMs: 8, ErevMV: -75})
		if err != nil {
			t.Fatal(err)
		}
		if c.lfp {
			g.RecordLFP()
		}
		for k := range c.size {
			g.SetCurrent(k, 0.37*float64(k%11))
		}
		if _, err := n.Connect(src, e, ConnSpec{Rule: Random, P: 0.2, Weight: 1.1}); err != nil {
			t.Fatal(err)
		}
		if _, err := n.Connect(g, i, ConnSpec{Rule: Random, P: 0.1, Weight: 1, DelayMs: 1}); err != nil {
			t.Fatal(err)
		}
	}
	ei, err := n.AddGroup("ei", 101, lif()) // the plain E/I path (stepPlainEI)
	if err != nil {
		t.Fatal(err)
	}
	ee, err := ei.AddReceptor(AMPA())
	if err != nil {
		t.Fatal(err)
	}
	ii, err := ei.AddReceptor(GABAA())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := n.Connect(src, ee, ConnSpec{Rule: Random, P: 0.2, Weight: 0.7}); err != nil {
		t.Fatal(err)
	}
	if _, err := n.Connect(ei, ii, ConnSpec{Rule: Random, P: 0.1, Weight: 2, DelayMs: 1}); err != nil {
		t.Fatal(err)
	}
	for k := range ei.size {
		ei.SetCurrent(k, 0.41*float64(k%5))
	}
	lifA := NeuronParams{CpF: 200, GLnS: 10, ELmV: -60, VthMV: -50, VresetMV: -60, TrefMs: 5, AnS: 1, BpA: 20, TauWMs: 100}
	cx, err := n.AddGroup("cx", 150, lifA)
	if err != nil {
		t.Fatal(err)
	}
	ce, err := cx.AddReceptor(ReceptorParams{Name: "E", Kind: Current, DecayMs: 5})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cx.AddReceptor(ReceptorParams{Name: "I", Kind: Current, DecayMs: 10}); err != nil {
		t.Fatal(err)
	}
	if err := cx.AddPoissonInput(ce, 100, 10, 40); err != nil {
		t.Fatal(err)
	}
	for k := range cx.size {
		cx.SetCurrent(k, 0.29*float64(k%7))
	}
	return n
}

// runState steps n for steps and returns every state variable of every
// group, and the spike counts.
func runState(t *testing.T, n *Network, steps int) (state []float64, spikes []int64) {
	t.Helper()
	for range steps {
		if err := n.Step(); err != nil {
			t.Fatal(err)
		}
	}
	for _, g := range n.groups {
		state = append(state, g.v...)
		state = append(state, g.w...)
		for r := range g.rec {
			state = append(state, g.recA[r]...)
			state = append(state, g.recB[r]...)
		}
		state = append(state, g.lfp...)
		spikes = append(spikes, g.count)
	}
	return state, spikes
}

// withKernels runs f with the kernels switched on or off.
func withKernels(on bool, f func()) {
	was := haveKernels
	haveKernels = on && was
	defer func() { haveKernels = was }()
	f()
}

// withAVX512 runs f with the AVX-512 forms of the kernels switched on or
// off (the AVX2 forms stay on).
func withAVX512(on bool, f func()) {
	was := haveAVX512
	haveAVX512 = on && was
	defer func() { haveAVX512 = was }()
	f()
}

func TestKernelsMatchGo(t *testing.T) {
	if !haveKernels {
		t.Skip("no vector kernels on this processor")
	}
	const steps = 3000
	for _, m := range methods {
		var fast, slow []float64
		var fastSpikes, slowSpikes []int64
		withKernels(true, func() { fast, fastSpikes = runState(t, kernelNet(t, m), steps) })
		withKernels(false, func() { slow, slowSpikes = runState(t, kernelNet(t, m), steps) })
		for k, c := range fastSpikes {
			if c < 20 {
				t.Errorf("%s: group %d spiked %d times in %d steps; the test needs spikes", m, k, c, steps)
			}
			if c != slowSpikes[k] {
				t.Errorf("%s: group %d: %d spikes with the kernels, %d without", m, k, c, slowSpikes[k])
			}
		}
		if len(fast) != len(slow) {
			t.Fatalf("%s: %d state values with the kernels, %d without", m, len(fast), len(slow))
		}
		for k := range fast {
			if math.Float64bits(fast[k]) != math.Float64bits(slow[k]) {
				t.Fatalf("%s: state value %d: %v with the kernels, %v without", m, k, fast[k], slow[k])
			}
		}
	}
}

// TestKernelsEdgeCells steps one AdEx group from states that the kernels
// must hand back to the Go loops: x = dt·G/C outside (0, 0.25), (V − VT)/ΔT
// outside the exponential's table, refractory and spiking cells, and a
// cell whose V is not finite.
func TestKernelsEdgeCells(t *testing.T) {
	if !haveKernels {
		t.Skip("no vector kernels on this processor")
	}
	edge := func() (*Group, int) {
		n := newNet(t, 1)
		p := NeuronParams{CpF: 200, GLnS: 10, ELmV: -65, VthMV: -50, VresetMV: -58, TrefMs: 2,
			DeltaTmV: 2, VpeakMV: 0, AnS: 2, BpA: 40, TauWMs: 150}
		g, err := n.AddGroup("g", 23, p)
		if err != nil {
			t.Fatal(err)
		}
		r, err := g.AddReceptor(ReceptorParams{Name: "E", Kind: Conductance, RiseMs: 0.5, DecayMs: 5, ErevMV: 0})
		if err != nil {
			t.Fatal(err)
		}
		g.RecordLFP()
		n.freeze()
		for i := range g.size {
			g.SetV(i, -70+float64(i))
		}
		g.SetV(1, -200)                     // (V − VT)/ΔT < −40: math.Exp
		g.SetConductance(r, 5, 1e6)         // x ≥ 0.25: phi
		g.SetV(9, -1)                       // spikes
		g.ref[13] = 3                       // refractory
		g.SetV(17, math.Inf(-1))            // not finite
		g.SetConductance(r, 21, math.NaN()) // not finite
		return g, g.integrate(0, g.size, 0, n.mg)
	}
	var fast, slow *Group
	var fastBad, slowBad int
	withKernels(true, func() { fast, fastBad = edge() })
	withKernels(false, func() { slow, slowBad = edge() })
	if fastBad != slowBad || fastBad < 0 {
		t.Errorf("first bad cell %d with the kernels, %d without (want the same, ≥ 0)", fastBad, slowBad)
	}
	if len(fast.wspikes[0]) == 0 {
		t.Error("no cell spiked; the test needs one")
	}
	for i := range fast.size {
		for _, c := range []struct {
			name string
			a, b float64
		}{{"V", fast.v[i], slow.v[i]}, {"w", fast.w[i], slow.w[i]}, {"lfp", fast.lfp[i], slow.lfp[i]},
			{"k", fast.kStep[i], slow.kStep[i]}, {"I spike", fast.iSpike[i], slow.iSpike[i]}} {
			if math.Float64bits(c.a) != math.Float64bits(c.b) {
				t.Errorf("cell %d: %s = %v with the kernels, %v without", i, c.name, c.a, c.b)
			}
		}
	}
}

func TestDecayIntoKernel(t *testing.T) {
	x := make([]float64, 39)
	for i := range x {
		x[i] = math.Sin(float64(i)) * 1e3
	}
	y := append([]float64(nil), x...)
	withKernels(true, func() { decayInto(x, 0.9731) })
	withKernels(false, func() { decayInto(y, 0.9731) })
	for i := range x {
		if math.Float64bits(x[i]) != math.Float64bits(y[i]) || x[i] == math.Sin(float64(i))*1e3 && x[i] != 0 {
			t.Fatalf("x[%d] = %v with the kernels, %v without", i, x[i], y[i])
		}
	}
}

// TestKernelsPlainEI steps a plain E/I group (stepPlainEI) from random
// states that reach every branch of its kernels, with and without
// external currents: refractory cells, cells
// that spike, x = dt·G/C below 0.25, in [0.25, ln 2/2], in (ln 2/2,
// 1.5·ln 2) (−expm1(−x)/x in the kernels) and beyond (the Go loop), and a
// cell whose V is not finite, in groups whose sizes are not multiples of
// eight; it compares every state variable and the spikes of the Go loop,
// the AVX2 kernel and the AVX-512 kernel, bit for bit, over 40 steps, for
// both integration methods.
func TestKernelsPlainEI(t *testing.T) {
	if !haveKernels {
		t.Skip("no vector kernels on this processor")
	}
	for _, c := range []struct {
		m    Method
		size int
	}{{ExponentialEuler, 5}, {ExponentialEuler, 37}, {ExponentialEuler, 203}, {ExponentialEuler, 1001}, {Euler, 37}, {Euler, 203}, {Euler, 1001}} {
		size := c.size
		build := func() *Group {
			n := methodNet(t, c.m)
			g, err := n.AddGroup("ei", size, lif())
			if err != nil {
				t.Fatal(err)
			}
			e, _ := g.AddReceptor(AMPA())
			i, _ := g.AddReceptor(GABAA())
			n.freeze()
			rng := rand.New(rand.NewPCG(uint64(size), 7))
			for k := range size {
				g.SetV(k, -75+30*rng.Float64())
				if size != 1001 { // 1001 cells without a current: the kernels leave iext out
					g.SetCurrent(k, 50*rng.Float64())
				}
				// G from 10 to 4400 nS: x = dt·G/C from 0.005 to 2.2
				g.SetConductance(e, k, 400*rng.Float64())
				g.SetConductance(i, k, 4000*rng.Float64()*rng.Float64()*rng.Float64())
				if rng.IntN(5) == 0 {
					g.ref[k] = int32(rng.IntN(4))
				}
			}
			if size > 100 {
				g.SetV(77, math.NaN())
			}
			return g
		}
		type out struct {
			state  []float64
			ref    []int32
			spikes [][]int32
			bad    []int
		}
		run := func() out {
			g := build()
			var o out
			for range 40 {
				o.bad = append(o.bad, g.integrate(0, g.size, 0, g.net.mg))
				o.spikes = append(o.spikes, append([]int32(nil), g.wspikes[0]...))
				if g.size > 100 {
					g.SetV(77, -60) // once found, let it go on
				}
			}
			o.state = append(append(append(o.state, g.v...), g.recA[0]...), g.recA[1]...)
			o.ref = g.ref
			return o
		}
		var golang, avx2, avx512 out
		withKernels(false, func() { golang = run() })
		withAVX512(false, func() { avx2 = run() })
		avx512 = run()
		total := 0
		for _, sp := range golang.spikes {
			total += len(sp)
		}
		if size > 100 {
			if total < 20 {
				t.Errorf("size %d: %d spikes; the test needs spikes", size, total)
			}
			// every range of x is reached in the first step
			g := build()
			var bands [4]int
			for k := range g.size {
				x := g.net.dt / g.p.CpF * (g.p.GLnS + g.recA[0][k]*g.decA[0] + g.recA[1][k]*g.decA[1])
				switch {
				case g.ref[k] > 0:
				case x < 0.25:
					bands[0]++
				case x <= math.Ln2/2:
					bands[1]++
				case x < 1.5*math.Ln2:
					bands[2]++
				default:
					bands[3]++
				}
			}
			for b, c := range bands {
				if c == 0 {
					t.Errorf("size %d: no free cell in range %d of x", size, b)
				}
			}
		}
		for name, o := range map[string]out{"AVX2": avx2, "AVX-512": avx512} {
			if !slices.Equal(o.bad, golang.bad) {
				t.Errorf("%s, size %d, %s: bad cells %v, Go %v", c.m, size, name, o.bad, golang.bad)
			}
			for s := range golang.spikes {
				if !slices.Equal(o.spikes[s], golang.spikes[s]) {
					t.Errorf("%s, size %d, %s, step %d: spikes %v, Go %v", c.m, size, name, s, o.spikes[s], golang.spikes[s])
				}
			}
			if !slices.Equal(o.ref, golang.ref) {
				t.Errorf("%s, size %d, %s: refractory counts differ", c.m, size, name)
			}
			for k := range golang.state {
				if math.Float64bits(o.state[k]) != math.Float64bits(golang.state[k]) {
					t.Fatalf("%s, size %d, %s: state value %d is %v, Go %v", c.m, size, name, k, o.state[k], golang.state[k])
				}
			}
		}
	}
}
