package ann

import (
	"math"
	"math/rand/v2"
	"sync"
)

// arch is the shape of a model: everything that fixes its parameter
// vector and its function.
type arch struct {
	Layers  int `json:"layers"`
	Heads   int `json:"heads"`
	DModel  int `json:"d_model"`
	DFF     int `json:"d_ff"`
	Context int `json:"context"`
	Vocab   int `json:"vocab"` // item tokens; the model has Vocab+1 tokens (items and SEP)
	// Places is the number of places of an input embedding added to
	// every row beside the token (0: none; the reference-memory task
	// gives the model the grid node of each step this way).
	Places int        `json:"places,omitempty"`
	Act    Activation `json:"act"`
}

// tokens returns the size of the model's token set: the items and SEP.
func (a arch) tokens() int { return a.Vocab + 1 }

// sep returns the token that opens every episode in a context.
func (a arch) sep() int { return a.Vocab }

// tensor is one parameter array: a view into the model's flat parameter
// vector and the matching view into its gradient.
type tensor struct {
	w, g []float64
	off  int // position in the flat vectors
}

// block is one Transformer block (pre-layer-norm, Xiong et al. 2020):
//
//	h = x + Wo·Attn(LN₁(x)) + bo,  x′ = h + W₂·f(W₁·LN₂(h) + b₁) + b₂.
type block struct {
	ln1g, ln1b tensor // LN₁ gain and shift, d
	wqkv, bqkv tensor // query/key/value projection, d×3d and 3d
	rel        tensor // relative-position bias of the attention, heads×Context
	wo, bo     tensor // attention output projection, d×d and d
	ln2g, ln2b tensor // LN₂ gain and shift, d
	w1, b1     tensor // feed-forward in, d×dff and dff
	w2, b2     tensor // feed-forward out, dff×d and d
}

// transformer is a decoder-only Transformer with hand-written forward and
// backward passes. Its parameters live in one flat vector (the order is
// fixed by newModel and is that of the checkpoint file).
type transformer struct {
	arch        arch
	theta, grad []float64
	tok, pos    tensor // token embedding (V×d) and position embedding (Context×d)
	place       tensor // place embedding (Places×d), empty when Places = 0
	blocks      []block
	lnfg, lnfb  tensor      // final layer norm, d
	wu, bu      tensor      // unembedding to logits, d×V and V
	scratch     [][]float64 // gradient buffers of the other training workers
	arenas      []*arena    // activation memory of each training worker
}

// newModel allocates a model of shape a with all parameters zero.
func newModel(a arch) *transformer {
	d, f, v := a.DModel, a.DFF, a.tokens()
	n := v*d + a.Context*d + a.Places*d + a.Layers*(4*d+d*3*d+3*d+a.Heads*a.Context+d*d+d+d*f+f+f*d+d) + 2*d + d*v + v
	m := &transformer{arch: a, theta: make([]float64, n), grad: make([]float64, n)}
	at := 0
	take := func(k int) tensor {
		t := tensor{w: m.theta[at : at+k : at+k], g: m.grad[at : at+k : at+k], off: at}
		at += k
		return t
	}
	m.tok = take(v * d)
	m.pos = take(a.Context * d)
	m.place = take(a.Places * d)
	m.blocks = make([]block, a.Layers)
	for l := range m.blocks {
		b := &m.blocks[l]
		b.ln1g, b.ln1b = take(d), take(d)
		b.wqkv, b.bqkv = take(d*3*d), take(3*d)
		b.rel = take(a.Heads * a.Context)
		b.wo, b.bo = take(d*d), take(d)
		b.ln2g, b.ln2b = take(d), take(d)
		b.w1, b.b1 = take(d*f), take(f)
		b.w2, b.b2 = take(f*d), take(d)
	}
	m.lnfg, m.lnfb = take(d), take(d)
	m.wu, m.bu = take(d*v), take(v)
	if at != n {
		panic("ann: parameter layout mismatch")
	}
	return m
}

// initModel returns a model of shape a with parameters drawn from rng:
// token and place embeddings N(0, 1), position embeddings set to the sinusoids of
// Vaswani et al. (2017, §3.5) and learned from there, weight matrices N(0, 1/fan_in) (LeCun et al. 1998),
// the two projections that write into the residual stream further scaled
// by 1/√(2·Layers) (Radford et al. 2019), layer-norm gains 1, biases and
// shifts and relative-position biases 0.
func initModel(a arch, rng *rand.Rand) *transformer {
	m := newModel(a)
	normal := func(t tensor, std float64) {
		for i := range t.w {
			t.w[i] = rng.NormFloat64() * std
		}
	}
	ones := func(t tensor) {
		for i := range t.w {
			t.w[i] = 1
		}
	}
	d, f := float64(a.DModel), float64(a.DFF)
	res := 1 / math.Sqrt(2*float64(a.Layers))
	normal(m.tok, 1)
	normal(m.place, 1)
	sinusoids(m.pos.w, a.Context, a.DModel)
	for l := range m.blocks {
		b := &m.blocks[l]
		ones(b.ln1g)
		ones(b.ln2g)
		normal(b.wqkv, 1/math.Sqrt(d))
		normal(b.wo, res/math.Sqrt(d))
		normal(b.w1, 1/math.Sqrt(d))
		normal(b.w2, res/math.Sqrt(f))
	}
	ones(m.lnfg)
	normal(m.wu, 1/math.Sqrt(d))
	return m
}

// numParams returns the number of trainable parameters.
func (m *transformer) numParams() int { return len(m.theta) }

// clone returns a deep copy of m with a zero gradient.
func (m *transformer) clone() *transformer {
	c := newModel(m.arch)
	copy(c.theta, m.theta)
	return c
}

// sequence is one training or inference input: tokens and, for each
// position, the token that should follow it (negative: not predicted),
// and for a model with places the place of each position.
type sequence struct {
	tokens  []int
	targets []int
	places  []int
}

// batch is a set of sequences laid out row after row.
type batch struct {
	tok, pos, tgt []int
	place         []int // place of each row (nil: the model has no places)
	off           []int // row offsets of the sequences, len = sequences+1
	out           []int // rows whose next token is predicted (logits computed)
}

// newBatch lays seqs out as rows. The logits are computed for the rows
// with a target, or, if lastOnly, for the last row of each sequence.
func newBatch(seqs []sequence, lastOnly bool) *batch {
	b := &batch{off: make([]int, 1, len(seqs)+1)}
	for _, s := range seqs {
		for i, t := range s.tokens {
			b.tok = append(b.tok, t)
			b.pos = append(b.pos, i)
			tg := -1
			if s.targets != nil {
				tg = s.targets[i]
			}
			b.tgt = append(b.tgt, tg)
			if s.places != nil {
				b.place = append(b.place, s.places[i])
			}
			r := len(b.tok) - 1
			if (lastOnly && i == len(s.tokens)-1) || (!lastOnly && tg >= 0) {
				b.out = append(b.out, r)
			}
		}
		b.off = append(b.off, len(b.tok))
	}
	return b
}

// blockCache holds the activations of one block that its backward pass
// needs.
type blockCache struct {
	x     []float64 // block input (residual stream), N×d
	ln1   lnCache
	qkv   []float64 // N×3d
	probs []float64 // attention weights, per sequence heads×T×T
	att   []float64 // concatenated head outputs, N×d
	h     []float64 // residual after attention, N×d
	ln2   lnCache
	u, s  []float64 // feed-forward pre-activation and NMDA gate, N×dff
	a     []float64 // feed-forward activation, N×dff
}

// forwardCache holds the activations of one forward pass.
type forwardCache struct {
	b      *batch
	ar     *arena // where the buffers of the pass come from (nil: allocated)
	blocks []blockCache
	xL     []float64 // output of the last block, N×d
	xo     []float64 // rows of xL whose logits are computed, R×d
	lnf    lnCache   // final layer norm of those rows
	logits []float64 // R×V
}

// bytes returns the memory held by the activations of the pass, 8 bytes a
// float64.
func (c *forwardCache) bytes() int64 {
	n := len(c.xL) + len(c.xo) + len(c.logits) + lnBytes(c.lnf)
	for _, bc := range c.blocks {
		n += len(bc.x) + len(bc.qkv) + len(bc.probs) + len(bc.att) + len(bc.h) +
			len(bc.u) + len(bc.s) + len(bc.a) + lnBytes(bc.ln1) + lnBytes(bc.ln2)
	}
	return 8 * int64(n)
}

func lnBytes(c lnCache) int { return len(c.xhat) + len(c.rstd) + len(c.out) }

// forward runs the model on b and returns its activations and the FLOPs
// done. The logits of the rows b.out are in the cache.
func (m *transformer) forward(b *batch) (*forwardCache, int64) { return m.forwardIn(b, nil) }

// forwardIn is forward with the activations taken from ar (nil: newly
// allocated); they are valid until ar is reset.
func (m *transformer) forwardIn(b *batch, ar *arena) (*forwardCache, int64) {
	a := m.arch
	d, ff, v := a.DModel, a.DFF, a.tokens()
	n := len(b.tok)
	sh := attnShape{off: b.off, heads: a.Heads, d: d, ctx: a.Context}
	c := &forwardCache{b: b, blocks: make([]blockCache, a.Layers), ar: ar}
	var f int64
	x := ar.take(n * d)
	f += embedForward(b.tok, b.pos, m.tok.w, m.pos.w, d, x)
	if a.Places > 0 {
		f += placeForward(b.place, m.place.w, d, x)
	}
	for l := range m.blocks {
		bl, bc := &m.blocks[l], &c.blocks[l]
		bc.x = x
		bc.ln1 = newLNCacheIn(ar, n, d)
		f += layerNormForward(x, bl.ln1g.w, bl.ln1b.w, d, bc.ln1)
		bc.qkv = ar.take(n * 3 * d)
		f += linearForward(bc.ln1.out, bl.wqkv.w, bl.bqkv.w, d, 3*d, bc.qkv)
		bc.probs = ar.take(sh.probOffsets()[len(b.off)-1])
		bc.att = ar.take(n * d)
		f += attentionForward(sh, bc.qkv, bl.rel.w, bc.probs, bc.att)
		bc.h = ar.take(n * d)
		f += linearForward(bc.att, bl.wo.w, bl.bo.w, d, d, bc.h)
		f += addInto(bc.h, x)
		bc.ln2 = newLNCacheIn(ar, n, d)
		f += layerNormForward(bc.h, bl.ln2g.w, bl.ln2b.w, d, bc.ln2)
		bc.u = ar.take(n * ff)
		f += linearForward(bc.ln2.out, bl.w1.w, bl.b1.w, d, ff, bc.u)
		bc.s = ar.take(n * ff)
		bc.a = ar.take(n * ff)
		f += a.Act.forward(bc.u, bc.s, bc.a)
		x = ar.take(n * d)
		f += linearForward(bc.a, bl.w2.w, bl.b2.w, ff, d, x)
		f += addInto(x, bc.h)
	}
	c.xL = x
	r := len(b.out)
	c.xo = ar.take(r * d)
	for i, row := range b.out {
		copy(c.xo[i*d:(i+1)*d], x[row*d:(row+1)*d])
	}
	c.lnf = newLNCacheIn(ar, r, d)
	f += layerNormForward(c.xo, m.lnfg.w, m.lnfb.w, d, c.lnf)
	c.logits = ar.take(r * v)
	f += linearForward(c.lnf.out, m.wu.w, m.bu.w, d, v, c.logits)
	return c, f
}

// addInto sets dst += src and returns the FLOPs done.
func addInto(dst, src []float64) int64 {
	for i, v := range src {
		dst[i] += v
	}
	return int64(len(src))
}

// backward adds to m.grad the gradient of a loss whose gradient with
// respect to the logits of c is dlogits (R×V), and returns the FLOPs done.
func (m *transformer) backward(c *forwardCache, dlogits []float64) int64 {
	a := m.arch
	d, ff, v := a.DModel, a.DFF, a.tokens()
	b := c.b
	n := len(b.tok)
	sh := attnShape{off: b.off, heads: a.Heads, d: d, ctx: a.Context}
	var f int64
	ar := c.ar
	dlnf := ar.take(len(c.xo))
	f += linearBackward(c.lnf.out, m.wu.w, dlogits, d, v, dlnf, m.wu.g, m.bu.g)
	dxo := ar.take(len(c.xo))
	clear(dxo) // layerNormBackward adds into it
	f += layerNormBackward(dlnf, m.lnfg.w, d, c.lnf, dxo, m.lnfg.g, m.lnfb.g)
	dx := ar.take(n * d)
	clear(dx) // only the rows with logits get a gradient here
	for i, row := range b.out {
		copy(dx[row*d:(row+1)*d], dxo[i*d:(i+1)*d])
	}
	da := ar.take(n * ff)
	du := ar.take(n * ff)
	dln := ar.take(n * d)
	datt := ar.take(n * d)
	dqkv := ar.take(n * 3 * d)
	dln1 := ar.take(n * d)
	for l := len(m.blocks) - 1; l >= 0; l-- {
		bl, bc := &m.blocks[l], &c.blocks[l]
		// x′ = h + W₂·f(W₁·LN₂(h) + b₁) + b₂
		f += linearBackward(bc.a, bl.w2.w, dx, ff, d, da, bl.w2.g, bl.b2.g)
		f += a.Act.backward(bc.u, bc.s, da, du)
		f += linearBackward(bc.ln2.out, bl.w1.w, du, d, ff, dln, bl.w1.g, bl.b1.g)
		dh := dx // the residual path carries dx′ to dh unchanged
		f += layerNormBackward(dln, bl.ln2g.w, d, bc.ln2, dh, bl.ln2g.g, bl.ln2b.g)
		// h = x + Wo·Attn(LN₁(x)) + bo
		f += linearBackward(bc.att, bl.wo.w, dh, d, d, datt, bl.wo.g, bl.bo.g)
		f += attentionBackward(sh, bc.qkv, bc.probs, datt, dqkv, bl.rel.g)
		f += linearBackward(bc.ln1.out, bl.wqkv.w, dqkv, d, 3*d, dln1, bl.wqkv.g, bl.bqkv.g)
		f += layerNormBackward(dln1, bl.ln1g.w, d, bc.ln1, dh, bl.ln1g.g, bl.ln1b.g)
		dx = dh
	}
	f += embedBackward(b.tok, b.pos, dx, d, m.tok.g, m.pos.g)
	if a.Places > 0 {
		f += placeBackward(b.place, dx, d, m.place.g)
	}
	return f
}

// zeroGrad sets the gradient to zero.
func (m *transformer) zeroGrad() {
	for i := range m.grad {
		m.grad[i] = 0
	}
}

// trainWorkers is the number of parts a training batch is split into,
// each run forward and backward on its own goroutine with its own gradient
// buffer; the parts' gradients are then added in a fixed order. The count
// is a constant, not the number of CPUs, so that results are the same on
// every machine.
const trainWorkers = 2

// withGrad returns a model that shares m's parameters but accumulates its
// gradient into grad (of m's length).
func (m *transformer) withGrad(grad []float64) *transformer {
	v := *m
	v.grad = grad
	shift := func(t tensor) tensor {
		return tensor{w: t.w, g: grad[t.off : t.off+len(t.g) : t.off+len(t.g)], off: t.off}
	}
	v.tok, v.pos, v.place = shift(m.tok), shift(m.pos), shift(m.place)
	v.blocks = make([]block, len(m.blocks))
	for l, b := range m.blocks {
		v.blocks[l] = block{
			ln1g: shift(b.ln1g), ln1b: shift(b.ln1b), wqkv: shift(b.wqkv), bqkv: shift(b.bqkv), rel: shift(b.rel),
			wo: shift(b.wo), bo: shift(b.bo), ln2g: shift(b.ln2g), ln2b: shift(b.ln2b),
			w1: shift(b.w1), b1: shift(b.b1), w2: shift(b.w2), b2: shift(b.b2),
		}
	}
	v.lnfg, v.lnfb, v.wu, v.bu = shift(m.lnfg), shift(m.lnfb), shift(m.wu), shift(m.bu)
	return &v
}

// splitBatch cuts seqs into at most n consecutive parts of about equal
// token counts.
func splitBatch(seqs []sequence, n int) [][]sequence {
	total := 0
	for _, s := range seqs {
		total += len(s.tokens)
	}
	var parts [][]sequence
	start, acc := 0, 0
	for i, s := range seqs {
		acc += len(s.tokens)
		if len(parts) < n-1 && acc*n >= total*(len(parts)+1) && i+1 < len(seqs) {
			parts = append(parts, seqs[start:i+1])
			start = i + 1
		}
	}
	return append(parts, seqs[start:])
}

// trainStep does one step of gradient descent on the mean next-token
// cross-entropy of seqs: forward, backward (gradient), clipping of the
// gradient norm to clip (if > 0), Adam update. It returns the loss before
// the update and the bytes of activations the step held.
func (m *transformer) trainStep(seqs []sequence, opt *adam, clip float64, meter *Meter) (loss float64, actBytes int64) {
	loss, actBytes = m.gradient(seqs, meter)
	_, fc := clipGradNorm(m.grad, clip)
	meter.Update += fc + opt.step(m.theta, m.grad)
	return loss, actBytes
}

// gradient sets m.grad to the gradient of the mean next-token
// cross-entropy of seqs and returns that loss and the bytes of activations
// held. The batch is split into trainWorkers parts computed concurrently
// (see trainWorkers).
func (m *transformer) gradient(seqs []sequence, meter *Meter) (loss float64, actBytes int64) {
	count := 0
	for _, s := range seqs {
		for _, t := range s.targets {
			if t >= 0 {
				count++
			}
		}
	}
	if count == 0 {
		clear(m.grad)
		return 0, 0
	}
	parts := splitBatch(seqs, trainWorkers)
	type out struct {
		sum      float64
		fwd, bwd int64
		bytes    int64
		model    *transformer
	}
	outs := make([]out, len(parts))
	for len(m.arenas) < len(parts) {
		m.arenas = append(m.arenas, &arena{})
	}
	for i := range outs {
		if i == 0 {
			outs[i].model = m
		} else {
			if len(m.scratch) < i {
				m.scratch = append(m.scratch, make([]float64, len(m.grad)))
			}
			outs[i].model = m.withGrad(m.scratch[i-1])
		}
	}
	run := func(i int) {
		mw := outs[i].model
		clear(mw.grad)
		ar := m.arenas[i]
		ar.reset()
		b := newBatch(parts[i], false)
		c, f := mw.forwardIn(b, ar)
		tg := make([]int, len(b.out))
		for k, r := range b.out {
			tg[k] = b.tgt[r]
		}
		dlogits := ar.take(len(c.logits)) // crossEntropySum clears it
		sum, fl := crossEntropySum(c.logits, mw.arch.tokens(), tg, dlogits, 1/float64(count))
		outs[i].sum, outs[i].fwd = sum, f+fl
		outs[i].bwd = mw.backward(c, dlogits)
		outs[i].bytes = c.bytes() + 8*int64(len(dlogits))
	}
	var wg sync.WaitGroup
	for i := 1; i < len(parts); i++ {
		wg.Add(1)
		go func() { defer wg.Done(); run(i) }()
	}
	run(0)
	wg.Wait()
	for i, o := range outs {
		loss += o.sum
		meter.Forward += o.fwd
		meter.Backward += o.bwd
		actBytes += o.bytes
		if i > 0 {
			meter.Backward += addInto(m.grad, o.model.grad)
		}
	}
	loss /= float64(count)
	meter.Forward++ // the division of the summed loss
	return loss, actBytes
}

// sinusoids fills p (ctx×d) with the position code of Vaswani et al.
// (2017, §3.5), scaled to unit variance per entry:
//
//	P(t, 2i) = √2·sin(t/10000^(2i/d)),  P(t, 2i+1) = √2·cos(t/10000^(2i/d)).
//
// Relative offsets are linear maps of this code, which helps attention
// learn to look a fixed number of tokens back (the previous-token head that
// an induction head builds on); the relative-position bias of the attention
// does the same directly.
func sinusoids(p []float64, ctx, d int) {
	for t := 0; t < ctx; t++ {
		for i := 0; 2*i < d; i++ {
			w := math.Pow(10000, -2*float64(i)/float64(d))
			p[t*d+2*i] = math.Sqrt2 * math.Sin(float64(t)*w)
			if 2*i+1 < d {
				p[t*d+2*i+1] = math.Sqrt2 * math.Cos(float64(t)*w)
			}
		}
	}
}
