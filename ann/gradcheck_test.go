package ann

import (
	"math"
	"math/rand/v2"
	"testing"
)

// The backward pass of every layer is checked against central finite
// differences, ∂L/∂θ ≈ (L(θ+h) − L(θ−h))/2h with h = 1e-5, in float64.
// The criterion is the relative error of the whole gradient array,
// ‖g − g_num‖/max(‖g‖, ‖g_num‖) < 1e-5.

const (
	fdStep   = 1e-5
	fdMaxRel = 1e-5
)

// numGrad returns the central-difference gradient of loss with respect to
// the entries of p (which it perturbs and restores).
func numGrad(p []float64, loss func() float64) []float64 {
	g := make([]float64, len(p))
	for i := range p {
		v := p[i]
		p[i] = v + fdStep
		lp := loss()
		p[i] = v - fdStep
		lm := loss()
		p[i] = v
		g[i] = (lp - lm) / (2 * fdStep)
	}
	return g
}

func relErr(a, b []float64) float64 {
	var d, na, nb float64
	for i := range a {
		d += (a[i] - b[i]) * (a[i] - b[i])
		na += a[i] * a[i]
		nb += b[i] * b[i]
	}
	den := math.Max(math.Sqrt(na), math.Sqrt(nb))
	if den == 0 {
		return 0
	}
	return math.Sqrt(d) / den
}

func checkGrad(t *testing.T, name string, analytic []float64, p []float64, loss func() float64) {
	t.Helper()
	num := numGrad(p, loss)
	if e := relErr(analytic, num); !(e < fdMaxRel) {
		t.Errorf("%s: relative gradient error %.3g, want < %g", name, e, fdMaxRel)
	} else {
		t.Logf("%s: relative gradient error %.2g", name, e)
	}
}

func randSlice(rng *rand.Rand, n int, std float64) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = rng.NormFloat64() * std
	}
	return s
}

// weighted returns Σ w·y, a scalar loss with a generic gradient w.
func weighted(w, y []float64) float64 {
	s := 0.0
	for i := range y {
		s += w[i] * y[i]
	}
	return s
}

func TestGradNMDA(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, a := range []NMDA{{0, 1}, {-1, 1}, {0.3, 1}, {1, 1}, {1 / 3.57, 0.062 * 16}, {10, 2}} {
		u := randSlice(rng, 40, 3)
		w := randSlice(rng, 40, 1)
		s := make([]float64, 40)
		out := make([]float64, 40)
		a.forward(u, s, out)
		du := make([]float64, 40)
		a.backward(u, s, w, du)
		checkGrad(t, "nmda", du, u, func() float64 {
			a.forward(u, s, out)
			return weighted(w, out)
		})
	}
}

// TestGradActivation checks every activation kind, with and without an
// output gain, including the gain-matched NMDA family.
func TestGradActivation(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	acts := []Activation{
		{Kind: ActGELU}, {Kind: ActGELU, Gain: 1.7}, {Kind: ActReLU}, {Kind: ActReLU, Gain: 0.4},
		{NMDA: NMDA{0, 1}, Gain: 0.25}, {NMDA: NMDA{0.1, 1}}, {NMDA: NMDA{10, 1}, Gain: 3.9},
		Activation{NMDA: NMDA{1, 1}}.Matched(), Activation{NMDA: NMDA{0.01, 1}}.Matched(),
	}
	for _, a := range acts {
		u := randSlice(rng, 40, 3)
		if a.kind() == ActReLU { // keep clear of the kink, where f′ is not defined
			for i, x := range u {
				if math.Abs(x) < 1e-3 {
					u[i] = 0.5
				}
			}
		}
		w := randSlice(rng, 40, 1)
		s := make([]float64, 40)
		out := make([]float64, 40)
		a.forward(u, s, out)
		for i, x := range u {
			if math.Abs(out[i]-a.F(x)) > 1e-15*math.Max(1, math.Abs(out[i])) {
				t.Fatalf("%v: forward %g, F %g at %g", a, out[i], a.F(x), x)
			}
		}
		du := make([]float64, 40)
		a.backward(u, s, w, du)
		checkGrad(t, a.String(), du, u, func() float64 {
			a.forward(u, s, out)
			return weighted(w, out)
		})
	}
}

func TestGradLayerNorm(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	n, d := 4, 6
	x := randSlice(rng, n*d, 2)
	g := randSlice(rng, d, 1)
	b := randSlice(rng, d, 1)
	w := randSlice(rng, n*d, 1)
	c := newLNCache(n, d)
	loss := func() float64 {
		layerNormForward(x, g, b, d, c)
		return weighted(w, c.out)
	}
	loss()
	dx, dg, db := make([]float64, n*d), make([]float64, d), make([]float64, d)
	layerNormBackward(w, g, d, c, dx, dg, db)
	checkGrad(t, "layernorm dx", dx, x, loss)
	checkGrad(t, "layernorm dγ", dg, g, loss)
	checkGrad(t, "layernorm db", db, b, loss)
}

func TestGradLinear(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	n, in, out := 5, 4, 3
	x := randSlice(rng, n*in, 1)
	wt := randSlice(rng, in*out, 1)
	b := randSlice(rng, out, 1)
	w := randSlice(rng, n*out, 1)
	y := make([]float64, n*out)
	loss := func() float64 {
		linearForward(x, wt, b, in, out, y)
		return weighted(w, y)
	}
	dx, dw, db := make([]float64, n*in), make([]float64, in*out), make([]float64, out)
	linearBackward(x, wt, w, in, out, dx, dw, db)
	checkGrad(t, "linear dx", dx, x, loss)
	checkGrad(t, "linear dW", dw, wt, loss)
	checkGrad(t, "linear db", db, b, loss)
}

func TestGradAttention(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, heads := range []int{1, 2} {
		d, ctx := 4, 6
		// five sequences so that the work is spread over goroutines
		sh := attnShape{off: []int{0, 3, 8, 9, 13, 15}, heads: heads, d: d, ctx: ctx}
		n := sh.off[len(sh.off)-1]
		qkv := randSlice(rng, n*3*d, 1)
		rel := randSlice(rng, heads*ctx, 1)
		w := randSlice(rng, n*d, 1)
		probs := make([]float64, sh.probOffsets()[len(sh.off)-1])
		out := make([]float64, n*d)
		loss := func() float64 {
			attentionForward(sh, qkv, rel, probs, out)
			return weighted(w, out)
		}
		loss()
		dqkv := make([]float64, n*3*d)
		drel := make([]float64, heads*ctx)
		attentionBackward(sh, qkv, probs, w, dqkv, drel)
		checkGrad(t, "attention dqkv", dqkv, qkv, loss)
		checkGrad(t, "attention relative bias", drel, rel, loss)
	}
}

func TestAttentionCausal(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	d := 4
	sh := attnShape{off: []int{0, 6}, heads: 2, d: d, ctx: 6}
	qkv := randSlice(rng, 6*3*d, 1)
	rel := randSlice(rng, 2*6, 1)
	probs := make([]float64, sh.probOffsets()[1])
	out := make([]float64, 6*d)
	attentionForward(sh, qkv, rel, probs, out)
	first := append([]float64(nil), out[:3*d]...)
	for i := 3 * 3 * d; i < len(qkv); i++ { // change rows 3..5
		qkv[i] += 1
	}
	attentionForward(sh, qkv, rel, probs, out)
	for i, v := range first {
		if out[i] != v {
			t.Fatalf("output row %d depends on later rows", i/d)
		}
	}
	for h := 0; h < 2; h++ {
		for i := 0; i < 6; i++ {
			s := 0.0
			for j := 0; j < 6; j++ {
				p := probs[h*36+i*6+j]
				if j > i && p != 0 {
					t.Fatalf("head %d: weight %d→%d = %g, want 0", h, i, j, p)
				}
				s += p
			}
			if math.Abs(s-1) > 1e-12 {
				t.Fatalf("head %d row %d: weights sum to %g", h, i, s)
			}
		}
	}
}

func TestGradEmbedding(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	v, ctx, d := 5, 4, 3
	tok := []int{0, 3, 3, 1, 4, 0, 2}
	pos := []int{0, 1, 2, 3, 0, 1, 2}
	e := randSlice(rng, v*d, 1)
	p := randSlice(rng, ctx*d, 1)
	w := randSlice(rng, len(tok)*d, 1)
	x := make([]float64, len(tok)*d)
	loss := func() float64 {
		embedForward(tok, pos, e, p, d, x)
		return weighted(w, x)
	}
	de, dp := make([]float64, v*d), make([]float64, ctx*d)
	embedBackward(tok, pos, w, d, de, dp)
	checkGrad(t, "token embedding", de, e, loss)
	checkGrad(t, "position embedding", dp, p, loss)
}

func TestGradCrossEntropy(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	v := 6
	tg := []int{2, -1, 0, 5, -1}
	z := randSlice(rng, len(tg)*v, 3)
	dz := make([]float64, len(z))
	l, count, _ := crossEntropy(z, v, tg, dz)
	if count != 3 {
		t.Fatalf("count = %d, want 3", count)
	}
	if l <= 0 {
		t.Fatalf("loss = %g, want > 0", l)
	}
	checkGrad(t, "cross-entropy", dz, z, func() float64 {
		l, _, _ := crossEntropy(z, v, tg, nil)
		return l
	})
}

// TestGradModel checks the gradient of the whole model, every parameter
// tensor, on a batch of sequences of different lengths.
func TestGradModel(t *testing.T) {
	for _, tc := range []struct {
		act    Activation
		places int
	}{
		{Activation{NMDA: NMDA{0, 1}}, 0}, {Activation{NMDA: NMDA{1, 1}}, 0}, {Activation{NMDA: NMDA{3, 0.5}}, 0},
		{Activation{NMDA: NMDA{10, 1}}.Matched(), 4}, {Activation{Kind: ActGELU}, 4},
	} {
		act := tc.act
		a := arch{Layers: 2, Heads: 2, DModel: 4, DFF: 6, Context: 7, Vocab: 5, Places: tc.places, Act: act}
		m := initModel(a, rand.New(rand.NewPCG(15, 16)))
		rng := rand.New(rand.NewPCG(17, 18))
		for i := range m.theta { // break the symmetry of gains 1 and biases 0
			m.theta[i] += 0.1 * rng.NormFloat64()
		}
		seqs := []sequence{
			{tokens: []int{5, 0, 1, 2}, targets: []int{-1, 1, 2, -1}},
			{tokens: []int{5, 3, 4, 5, 3, 4, 1}, targets: []int{3, 4, -1, 3, 4, 1, 0}},
			{tokens: []int{2, 2}, targets: []int{2, -1}},
		}
		if tc.places > 0 {
			seqs[0].places = []int{0, 1, 1, 2}
			seqs[1].places = []int{3, 2, 1, 0, 0, 1, 3}
			seqs[2].places = []int{2, 2}
		}
		b := newBatch(seqs, false)
		tg := make([]int, len(b.out))
		for i, r := range b.out {
			tg[i] = b.tgt[r]
		}
		loss := func() float64 {
			c, _ := m.forward(b)
			l, _, _ := crossEntropy(c.logits, a.tokens(), tg, nil)
			return l
		}
		m.zeroGrad()
		c, _ := m.forward(b)
		dz := make([]float64, len(c.logits))
		crossEntropy(c.logits, a.tokens(), tg, dz)
		m.backward(c, dz)
		grad := append([]float64(nil), m.grad...)
		num := numGrad(m.theta, loss)
		// per tensor, in the order of the parameter vector
		names := []string{"token embedding", "position embedding", "place embedding"}
		sizes := []int{a.tokens() * a.DModel, a.Context * a.DModel, a.Places * a.DModel}
		for l := 0; l < a.Layers; l++ {
			d, f := a.DModel, a.DFF
			names = append(names, "ln1 γ", "ln1 b", "Wqkv", "bqkv", "relative bias", "Wo", "bo", "ln2 γ", "ln2 b", "W1", "b1", "W2", "b2")
			sizes = append(sizes, d, d, d*3*d, 3*d, a.Heads*a.Context, d*d, d, d, d, d*f, f, f*d, d)
		}
		names = append(names, "final γ", "final b", "Wu", "bu")
		sizes = append(sizes, a.DModel, a.DModel, a.DModel*a.tokens(), a.tokens())
		at := 0
		for i, name := range names {
			g, ng := grad[at:at+sizes[i]], num[at:at+sizes[i]]
			at += sizes[i]
			if e := relErr(g, ng); !(e < fdMaxRel) {
				t.Errorf("%v: %s (block %d): relative gradient error %.3g, want < %g", act, name, (i-3)/13, e, fdMaxRel)
			}
		}
		if at != len(grad) {
			t.Fatalf("tensor sizes cover %d of %d parameters", at, len(grad))
		}
		if e := relErr(grad, num); !(e < fdMaxRel) {
			t.Errorf("%v, %d places: whole-model relative gradient error %.3g", act, tc.places, e)
		} else {
			t.Logf("%v, %d places: whole-model relative gradient error %.2g", act, tc.places, e)
		}
	}
}

// TestGradientSplit checks that the batch split over training workers
// gives the gradient and loss of the whole batch computed at once.
func TestGradientSplit(t *testing.T) {
	a := DefaultParams().arch()
	m := initModel(a, rand.New(rand.NewPCG(19, 20)))
	rng := rand.New(rand.NewPCG(21, 22))
	seqs := make([]sequence, 5)
	for i := range seqs {
		seqs[i] = pretrainSequence(a, rng)
	}
	if parts := splitBatch(seqs, trainWorkers); len(parts) != trainWorkers {
		t.Fatalf("batch split into %d parts", len(parts))
	}
	var meter Meter
	loss, _ := m.gradient(seqs, &meter)
	split := append([]float64(nil), m.grad...)

	b := newBatch(seqs, false)
	m.zeroGrad()
	c, _ := m.forward(b)
	tg := make([]int, len(b.out))
	for i, r := range b.out {
		tg[i] = b.tgt[r]
	}
	dz := make([]float64, len(c.logits))
	whole, _, _ := crossEntropy(c.logits, a.tokens(), tg, dz)
	m.backward(c, dz)
	if e := relErr(split, m.grad); e > 1e-12 {
		t.Errorf("split gradient differs from the whole-batch one by %.3g (relative)", e)
	}
	if math.Abs(loss-whole) > 1e-12*whole {
		t.Errorf("split loss %g, whole %g", loss, whole)
	}
}
