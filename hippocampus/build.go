package hippocampus

import (
	"fmt"
	"math/rand/v2"

	"engram/param"
	"engram/sim"
	"engram/task"
)

// Hippocampus is the circuit built on a network, with typed handles to its
// regions. Its behaviour is driven through Encode, Sleep and Recall.
type Hippocampus struct {
	P   Params
	net *sim.Network

	// Items lists the items that have assemblies, in assembly order.
	Items    []task.Item
	assembly map[task.Item]int

	EC              *sim.Poisson
	DG, DGI         *sim.Group
	CA3, BC         *sim.Group
	CA1, CA1BC      *sim.Group
	rec             *sim.Projection // CA3 PC → PC (plastic)
	mossy, schaffer *sim.Projection
	initialW        []float32 // PC→PC weights as built, for trace decay

	// sequences lists the assemblies of each encoded episode, in order;
	// salient marks the tagged ones.
	sequences [][]int
	salient   []bool
	recs      recorders
	// drive draws the fluctuations of the sleep input (sleepDrive).
	drive *rand.Rand

	lesioned bool
}

// Build adds the hippocampus to n, with one assembly of CA3 (and CA1)
// pyramidal cells per item. It fails when the items do not fit.
func Build(n *sim.Network, p Params, items []task.Item) (*Hippocampus, error) {
	if err := p.Validate(); err != nil {
		return nil, fmt.Errorf("hippocampus: %w", err)
	}
	if len(items)*p.AssemblyPC > p.NPC {
		return nil, fmt.Errorf("hippocampus: %w", param.Invalid(&p, &p.NPC, fmt.Sprintf("≥ %d: %d items × %d cells (assembly_pc); raise n_pc or use fewer items",
			len(items)*p.AssemblyPC, len(items), p.AssemblyPC)))
	}
	if len(items)*p.AssemblyCA1 > p.NCA1 {
		return nil, fmt.Errorf("hippocampus: %w", param.Invalid(&p, &p.NCA1, fmt.Sprintf("≥ %d: %d items × %d cells (assembly_ca1); raise n_ca1 or use fewer items",
			len(items)*p.AssemblyCA1, len(items), p.AssemblyCA1)))
	}
	h := &Hippocampus{P: p, net: n, Items: append([]task.Item(nil), items...), assembly: map[task.Item]int{}}
	for a, it := range items {
		h.assembly[it] = a
	}
	b := builder{n: n}
	h.EC = b.poisson("EC", p.NPC, p.AwakeBackgroundHz)
	h.DG = b.group("DG", p.NPC, p.GC)
	h.DGI = b.group("DG interneurons", p.NDGI, p.DGI)
	h.CA3 = b.group("CA3 PC", p.NPC, p.PC)
	h.BC = b.group("CA3 BC", p.NBC, p.BC)
	h.CA1 = b.group("CA1 PC", p.NCA1, p.CA1PC)
	h.CA1BC = b.group("CA1 BC", p.NCA1BC, p.BC)

	// EC → DG → CA3: relays, one-to-one.
	b.connect(h.EC, h.DG, "EC", p.GCEC, sim.ConnSpec{Rule: sim.OneToOne})
	b.connect(h.DG, h.DGI, "GC", p.DGIGC, sim.ConnSpec{Rule: sim.Random, P: p.DGIGC.P})
	b.connect(h.DGI, h.DG, "inh", p.GCDGI, sim.ConnSpec{Rule: sim.Random, P: p.GCDGI.P})
	h.mossy = b.connect(h.DG, h.CA3, "mossy", p.Mossy, sim.ConnSpec{Rule: sim.OneToOne})

	// CA3 recurrent network (Ecker et al. 2022).
	h.rec = b.connect(h.CA3, h.CA3, "rec", p.PCPC, sim.ConnSpec{Rule: sim.Random, P: p.PCPC.P})
	b.connect(h.BC, h.CA3, "inh", p.PCBC, sim.ConnSpec{Rule: sim.Random, P: p.PCBC.P})
	b.connect(h.CA3, h.BC, "exc", p.BCPC, sim.ConnSpec{Rule: sim.Random, P: p.BCPC.P})
	b.connect(h.BC, h.BC, "inh", p.BCBC, sim.ConnSpec{Rule: sim.Random, P: p.BCBC.P})

	// CA3 → CA1 Schaffer collaterals keep item identity: cells of an
	// item's CA3 assembly reach that item's CA1 assembly; uncoded cells
	// reach uncoded cells.
	nIt := len(items)
	h.schaffer = b.connect(h.CA3, h.CA1, "schaffer", p.Schaffer, sim.ConnSpec{Rule: sim.Random, P: p.Schaffer.P,
		Accept: func(i, j int) bool { return h.slot(i, p.AssemblyPC, nIt) == h.slot(j, p.AssemblyCA1, nIt) }})
	b.connect(h.CA1BC, h.CA1, "inh", p.CA1PCBC, sim.ConnSpec{Rule: sim.Random, P: p.CA1PCBC.P})
	b.connect(h.CA1, h.CA1BC, "exc", p.CA1BCPC, sim.ConnSpec{Rule: sim.Random, P: p.CA1BCPC.P})
	b.connect(h.CA3, h.CA1BC, "exc", p.CA1BCCA3, sim.ConnSpec{Rule: sim.Random, P: p.CA1BCCA3.P})
	if b.err != nil {
		return nil, fmt.Errorf("hippocampus: %w", b.err)
	}

	if err := h.rec.SetDepression(p.DepressionU, p.DepressionTauMs); err != nil {
		return nil, err
	}
	if p.ReleaseInhibition.MaxInhibition > 0 {
		if err := h.rec.SetPresynapticInhibition(h.BC, p.ReleaseInhibition); err != nil {
			return nil, err
		}
	}
	if err := h.rec.SetSTDP(p.STDP); err != nil {
		return nil, err
	}
	h.initialW = make([]float32, h.rec.Len())
	for k := range h.initialW {
		h.initialW[k] = float32(h.rec.Weight(k))
	}
	for _, g := range []*sim.Group{h.CA3, h.BC, h.CA1, h.CA1BC} {
		rng := n.Rand("hippocampus initial V " + g.Name())
		el := g.Params().ELmV
		for i := 0; i < g.Size(); i++ {
			g.SetV(i, el+2*rng.Float64())
		}
	}
	h.drive = n.Rand("hippocampus sleep drive")
	h.record()
	h.awake()
	return h, nil
}

// slot returns the assembly of cell i (cells per assembly per), or nIt for
// cells beyond the assemblies.
func (h *Hippocampus) slot(i, per, nIt int) int {
	if a := i / per; a < nIt {
		return a
	}
	return nIt
}

// AssemblyOf returns the range [lo, hi) of CA3 pyramidal cells coding it.
func (h *Hippocampus) AssemblyOf(it task.Item) (lo, hi int, ok bool) {
	a, ok := h.assembly[it]
	return a * h.P.AssemblyPC, (a + 1) * h.P.AssemblyPC, ok
}

// ItemOfCA3 returns the item a CA3 pyramidal cell codes, if any.
func (h *Hippocampus) ItemOfCA3(cell int) (task.Item, bool) {
	a := cell / h.P.AssemblyPC
	if a < len(h.Items) {
		return h.Items[a], true
	}
	return 0, false
}

// ItemOfCA1 returns the item a CA1 pyramidal cell codes, if any: the
// hippocampal output the cortex is wired to.
func (h *Hippocampus) ItemOfCA1(cell int) (task.Item, bool) {
	a := cell / h.P.AssemblyCA1
	if a < len(h.Items) {
		return h.Items[a], true
	}
	return 0, false
}

// Recurrent returns the plastic CA3 PC → PC projection (read-only use:
// weights for figures).
func (h *Hippocampus) Recurrent() *sim.Projection { return h.rec }

// builder collects the first error of a sequence of build steps.
type builder struct {
	n   *sim.Network
	err error
}

func (b *builder) group(name string, size int, p sim.NeuronParams) *sim.Group {
	if b.err != nil {
		return nil
	}
	g, err := b.n.AddGroup(name, size, p)
	b.err = err
	return g
}

func (b *builder) poisson(name string, size int, hz float64) *sim.Poisson {
	if b.err != nil {
		return nil
	}
	s, err := b.n.AddPoisson(name, size, hz)
	b.err = err
	return s
}

// connect adds a projection onto the receptor named rec of post, creating
// the receptor with the synapse's kinetics if the group lacks it.
func (b *builder) connect(pre sim.Source, post *sim.Group, rec string, s Synapse, spec sim.ConnSpec) *sim.Projection {
	if b.err != nil {
		return nil
	}
	r, err := post.Receptor(rec)
	if err != nil {
		if r, err = post.AddReceptor(s.receptor(rec)); err != nil {
			b.err = err
			return nil
		}
	}
	spec.Weight, spec.DelayMs = s.WnS, s.DelayMs
	p, err := b.n.Connect(pre, r, spec)
	b.err = err
	return p
}
