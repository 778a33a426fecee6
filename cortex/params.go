package cortex

import (
	"fmt"
	"math"
)

// Params describes the cortex. Every field carries its unit, default and
// allowed range; DefaultParams returns the regime of docs/model.md §4.
type Params struct {
	// NE is the number of excitatory (pyramidal) cells. Default 1000; ≥ 1.
	NE int
	// NI is the number of inhibitory cells. Default 250; ≥ 1.
	NI int
	// AssemblySize is the number of E cells that code one item. Default 50;
	// 1 … NE, and items × AssemblySize ≤ NE.
	AssemblySize int

	// CmPF is the membrane capacitance of every cell, pF. Default 200; > 0.
	CmPF float64
	// TauEMemMs is the membrane time constant of E cells, ms. Default 20;
	// 1 … 100.
	TauEMemMs float64
	// TauIMemMs is the membrane time constant of I cells, ms. Default 10;
	// 1 … 100.
	TauIMemMs float64
	// ELmV is the resting potential, mV. Default −70; −90 … −40.
	ELmV float64
	// VthMV is the spike threshold, mV. Default −50; above VresetMV and ELmV.
	VthMV float64
	// VresetMV is the potential after a spike, mV. Default −60; −90 … VthMV.
	VresetMV float64
	// TrefEMs is the refractory period of E cells, ms. Default 2; 0 … 20.
	TrefEMs float64
	// TrefIMs is the refractory period of I cells, ms. Default 1; 0 … 20.
	TrefIMs float64
	// AdaptMV is the spike-frequency adaptation of E cells: each spike
	// adds an adaptation current worth AdaptMV of steady hyperpolarisation
	// (b = AdaptMV·gL pA). Default 2; 0 … 20.
	AdaptMV float64
	// TauAdaptMs is the decay time constant of adaptation, ms. Default 150;
	// 1 … 5000.
	TauAdaptMs float64

	// TauExcMs is the decay of excitatory synaptic currents, ms. Default 5;
	// 0.5 … 50.
	TauExcMs float64
	// TauInhMs is the decay of inhibitory synaptic currents, ms. Default 10;
	// 0.5 … 50.
	TauInhMs float64

	// BackgroundHz is the total rate of independent Poisson background
	// input per cell, Hz. Default 1500; 0 … 20000.
	BackgroundHz float64
	// BackgroundMV is the weight of one background event, mV. Default 0.5
	// (mean V ≈ −55 mV in E cells); 0 … 5.
	BackgroundMV float64

	// EEIndegree is the number of E→E synapses onto each E cell (fixed
	// in-degree, no autapses). Default 200 (p = 0.2); 0 … NE−1.
	EEIndegree int
	// EEDelayMs is the axonal delay of E→E synapses, ms. Default 5; 0 … 20.
	// With τ± 5 ms it keeps recall ordered (docs/model.md §4.2).
	EEDelayMs float64
	// EEDendriticDelayMs is the part of EEDelayMs spent on the dendrite,
	// ms (sim.STDPParams.DendriticDelayMs, Morrison et al. 2008): STDP
	// pairs spikes whose somatic times differ by more than
	// EEDelayMs − 2·EEDendriticDelayMs as causal. Default 0 (all axonal);
	// 0 … EEDelayMs/2.
	EEDendriticDelayMs float64
	// EEDepressionU and EEDepressionTauMs give the E→E synapses
	// Tsodyks–Markram short-term depression (sim.Projection.SetDepression;
	// Tsodyks & Markram 1997): each spike uses the fraction U of its cell's
	// resources, which recover with τ = EEDepressionTauMs. A learned route
	// firing at hundreds of Hz then runs out of transmitter instead of
	// holding itself active. U 0 (no depression) … 1; τ 1 … 10000 ms.
	EEDepressionU, EEDepressionTauMs float64
	// WEEInitMV is the initial weight of plastic E→E synapses, mV.
	// Default 0.2; 0 … WEEMaxMV.
	WEEInitMV float64
	// WEEMaxMV is the upper bound of plastic E→E weights, mV. Default 3;
	// > 0, ≤ 20.
	WEEMaxMV float64
	// WAssemblyMV is the fixed weight of E→E synapses inside one item
	// assembly, mV (pre-existing assemblies; not plastic, never pruned).
	// Default 1.5; 0 … 20.
	WAssemblyMV float64
	// PEI, PIE and PII are the connection probabilities E→I, I→E and I→I.
	// Defaults 0.2, 0.4, 0.2; 0 … 1.
	PEI, PIE, PII float64
	// WEIMV, WIEMV and WIIMV are the weights E→I, I→E and I→I, mV
	// (inhibitory weights are given as positive magnitudes). Defaults 1.0,
	// 2.0, 2.0; 0 … 20.
	WEIMV, WIEMV, WIIMV float64
	// LocalDelayMs is the delay of the E→I, I→E and I→I synapses, ms.
	// Default 0 (the next step); 0 … 20.
	LocalDelayMs float64

	// TauPlusMs and TauMinusMs are the decay times of the presynaptic and
	// postsynaptic STDP traces, ms. Defaults 5 and 5; 0.5 … 100.
	TauPlusMs, TauMinusMs float64
	// APlusMV is the potentiation per unit presynaptic trace at a
	// postsynaptic spike, mV. Default 0.12; 0 … 1.
	APlusMV float64
	// AMinusMV is the depression per unit postsynaptic trace at a
	// presynaptic spike, mV. Default 0.132; −1 … 1. A negative value
	// potentiates instead: both spike orders potentiate (a symmetric
	// window), as at the high firing rates of replay (Sjöström, Turrigiano
	// & Nelson 2001), so that a sequence replayed forward and one replayed
	// in reverse teach the same links.
	AMinusMV float64
	// BetaMV is the depression on every presynaptic spike, mV; it keeps
	// unused synapses near 0 and stops runaway. Default 0.005; 0 … 0.1.
	BetaMV float64
	// BetaPostMV is the depression of every plastic synapse onto a cell at
	// each of its spikes, mV (heterosynaptic depression,
	// sim.STDPParams.BetaPost). Default 0; 0 … 1.
	BetaPostMV float64
	// SoftBound makes E→E plasticity multiplicative
	// (sim.STDPParams.SoftBound): potentiation shrinks as a weight nears
	// WEEMaxMV and depression as it nears 0. Default false.
	SoftBound bool
	// SleepRate is the learning rate η during sleep (a factor on A+, A−
	// and β). Default 1; 0 … 10.
	SleepRate float64
	// SleepEEGain scales the transmission of the E→E synapses during sleep
	// (SetMode(Sleep)); 1 in the other modes. Below 1 it stands for the
	// breakdown of cortical effective connectivity in NREM sleep
	// (Massimini et al. 2005): activity evoked in one place stays local
	// instead of spreading, so a replayed route cannot ignite itself and
	// the cortex follows the hippocampus's replay. Default 1; 0 … 1.
	SleepEEGain float64
	// AwakeRate is the learning rate η while awake (Encode): weak, so
	// that the cortex learns mainly from replay. Default 0.1; 0 … 10.
	AwakeRate float64

	// MgGate multiplies potentiation by MgGain·B(V̄), the Mg²⁺ block of
	// the NMDA receptor (Jahr & Stevens 1990) at the postsynaptic cell's
	// low-passed potential V̄, so that the network's [Mg²⁺] decides how
	// much the cortex learns. Default false.
	MgGate bool
	// MgGain is the factor on B(V̄) when MgGate is set. Default 9.5;
	// > 0, ≤ 100.
	MgGain float64
	// VbarTauMs is the time constant of V̄, ms. Default 10; 1 … 100.
	VbarTauMs float64
	// GateOnInput, with MgGate, adds to Vd the depolarisation that item
	// input (hippocampal CA1, or the driver) holds the dendrite at
	// (sim.STDPParams.DendriteReceptor): synapses learn where that input
	// arrives, and not when the cortex is driven by its own recurrent
	// synapses alone. Default false.
	GateOnInput bool

	// Pruning chooses the synapses EndNight removes: PruneByUsage (the
	// default), PruneDepressed, PruneRandom (the control) or PruneNone.
	Pruning PruneRule
	// PruneBelowMV is the weight below which PruneDepressed counts a
	// plastic synapse as fallen out of use, mV. Default 0.1 (half the
	// initial weight); 0 … WEEMaxMV.
	PruneBelowMV float64
	// PruneSchedule lists the fraction of the remaining plastic E→E
	// synapses removed after each night (night 1, 2, …; no pruning after
	// the list ends). Default 0.20, 0.12, 0.08, 0.05, 0.03 (40.3 % in all,
	// a decreasing rate after Navlakha et al. 2015); each 0 … 0.9.
	PruneSchedule []float64
	// UsageDecay is the factor on every usage trace at the end of each
	// night. Default 0.5 (halved); 0 … 1.
	UsageDecay float64

	// DecodeBinMs is the bin of the recall decoder, ms. Default 5; 1 … 50.
	DecodeBinMs float64
	// DecodeWindowMs is how long after the cue onset recall is decoded,
	// ms. Default 150; 10 … 2000.
	DecodeWindowMs float64
	// DecodeMinFrac is the fraction of an assembly's cells that must
	// spike in one bin for the assembly to count as active. Default 0.2;
	// > 0, ≤ 5 (a cell may spike more than once per bin).
	DecodeMinFrac float64
	// RecordCapacity is how many E spikes the cortex's spike recorder
	// keeps (a ring; Decode reads from it). Default 262144; ≥ 1024.
	RecordCapacity int
}

// DefaultParams returns the cortex that learns from the brain's replay.
// Sizes, cells, wiring, the 5 ms E→E delay and the synthetic input are the
// reference regime of docs/model.md §4.2; its learning rule and four dynamical
// parameters differ, each for a measured reason (stand-alone cortex, 25
// items in 5 routes, replay as ReplayStyle describes):
//
//   - Rule: both spike orders potentiate (A+ = −A− = 2.8 mV, τ± 8 ms,
//     pairing somatic spike times: 2.5 of the 5 ms delay on the dendrite).
//     Replay runs forward and in reverse; with the asymmetric rule of
//     §4.2 each reverse sweep depresses what the forward ones built.
//   - Gate: potentiation × B(V̄ + D) at the network's [Mg²⁺] (MgGate,
//     MgGain 1, GateOnInput), D the depolarisation the item input (CA1)
//     holds the dendrite at (τ 20 ms). With V̄ alone (§4.2's gate) a cell's
//     own completion of a route learned as much as the replay that drove
//     it, and routes became cliques.
//   - Threshold: depression β = 0.03 mV at every pre- and postsynaptic
//     spike; pairs of items replayed 20 ms or more apart then fall (skip
//     links), and so do the synapses between routes — they are what
//     pruning removes. Soft bound: potentiation × (7 mV − w)/7 mV.
//   - SleepEEGain 0.3: E→E transmission in sleep; at 1 a learned route
//     ignited itself during replay (a whole route firing in 5 ms volleys)
//     and all its synapses grew together.
//   - AdaptMV 15, TauAdaptMs 75 and BackgroundHz 1300: with links in both
//     directions a recall must leave each item behind; with §4.2's 2 mV and
//     1500 Hz, chains of 3–4 mV both ways recalled 0.25–0.8 and learned
//     routes ignited from the background (3 Hz, hundreds of assembly
//     activations in 5 s); with these (and I→E 2 mV), hand-set symmetric
//     chains of 3–5 mV recall 0.97–1.0 and a learned cortex is silent
//     between events (with I→E 3 mV: 0.40, 1.00 and 0.81 at 3, 4, 5 mV).
//   - SleepRate 6 (measured with I→E 2 mV, A+ = 2 mV, 10 events a night,
//     seeds 1–3): at 3 all routes were recalled at 0.65 on day 5, at 6 at
//     0.78; [Mg²⁺] 0.5 mM, ≈ 1.5× the potentiation, gave 0.83 and 0.25 mM
//     (≈ 2×) 0.38, as routes over-learned into cliques. A+ was then raised
//     to 2.8 mV: the brain's CA1 depolarises the dendrite less than the
//     driver (Vd at spikes −45 against −38 mV), and the brain (seed 1)
//     consolidated best at 0.5 mM (0.80 against 0.51 at 1 mM). The
//     stand-alone cortex on 5 events a night (seeds 1–5) recalled all
//     routes at 0.72, 0.80, 0.67 and 0.54 with A+ = 2, 2.8, 3 and 3.5 mV.
//   - WIEMV 3 (I→E; 2 in §4.2): with 20 items in 1000 E cells (the
//     stand-alone experiments) a route recalled after 2 nights of 10
//     replays each held itself active at ≈ 400 Hz after its cue, and every
//     later cue recalled it; with 3 mV it does not (recall 0.92 against
//     0.25). On 5 events a night (seeds 1–5) the stronger inhibition costs
//     a little: all routes 0.75 against 0.80; depression of E→E release
//     (U 0.2) also stopped the runaway but cost more (0.66).
//   - Pruning: PruneDepressed with the decreasing schedule 25, 15, 10, 5,
//     3 % (of the plastic synapses left, at most): 45 % of all E→E
//     synapses by day 5.
func DefaultParams() Params {
	return Params{
		NE: 1000, NI: 250, AssemblySize: 50,
		CmPF: 200, TauEMemMs: 20, TauIMemMs: 10,
		ELmV: -70, VthMV: -50, VresetMV: -60, TrefEMs: 2, TrefIMs: 1,
		AdaptMV: 15, TauAdaptMs: 75,
		TauExcMs: 5, TauInhMs: 10,
		BackgroundHz: 1300, BackgroundMV: 0.5,
		EEIndegree: 200, EEDelayMs: 5, EEDendriticDelayMs: 2.5, WEEInitMV: 0.2, WEEMaxMV: 7, WAssemblyMV: 1.5,
		PEI: 0.2, PIE: 0.4, PII: 0.2, WEIMV: 1.0, WIEMV: 3.0, WIIMV: 2.0,
		TauPlusMs: 8, TauMinusMs: 8, APlusMV: 2.8, AMinusMV: -2.8, BetaMV: 0.03, BetaPostMV: 0.03, SoftBound: true,
		SleepRate: 6, AwakeRate: 0.1, SleepEEGain: 0.3,
		MgGate: true, GateOnInput: true, MgGain: 1, VbarTauMs: 10, EEDepressionTauMs: 200,
		Pruning: PruneDepressed, PruneBelowMV: 0.1,
		PruneSchedule: []float64{0.25, 0.15, 0.10, 0.05, 0.03},
		UsageDecay:    0.5,
		DecodeBinMs:   5, DecodeWindowMs: 150, DecodeMinFrac: 0.2,
		RecordCapacity: 1 << 18,
	}
}

// PAPerMV converts a synaptic weight in mV to the peak of the exponential
// synaptic current (pA) that carries it, for a synapse with decay tauMs:
//
//	W = w·C/τs.
//
// The current W·exp(−t/τs) delivers the charge W·τs = w·C, so w is the
// voltage the synapse would add without leak. For an E cell (τm 20 ms) and
// τs = 5 ms the PSP peaks at (τm/(τm−τs))·(e^(−t*/τm) − e^(−t*/τs))·w ≈ 0.63·w,
// as docs/model.md §4 states (TestPSPPeak). This is the only place where
// a weight in mV becomes a current.
func (p Params) PAPerMV(tauMs float64) float64 { return p.CmPF / tauMs }

// Validate reports the first parameter outside its allowed range, naming
// the field, its value and the range.
func (p Params) Validate() error {
	ints := []struct {
		name   string
		v      int
		lo, hi int
	}{
		{"NE", p.NE, 1, 100000},
		{"NI", p.NI, 1, 100000},
		{"AssemblySize", p.AssemblySize, 1, p.NE},
		{"EEIndegree", p.EEIndegree, 0, p.NE - 1},
		{"RecordCapacity", p.RecordCapacity, 1024, 1 << 26},
	}
	for _, c := range ints {
		if c.v < c.lo || c.v > c.hi {
			return fmt.Errorf("cortex: %s = %d, want %d … %d", c.name, c.v, c.lo, c.hi)
		}
	}
	type rng struct {
		name, unit string
		v          float64
		lo, hi     float64
		openLo     bool // lo excluded
	}
	floats := []rng{
		{"CmPF", "pF", p.CmPF, 0, 1e5, true},
		{"TauEMemMs", "ms", p.TauEMemMs, 1, 100, false},
		{"TauIMemMs", "ms", p.TauIMemMs, 1, 100, false},
		{"ELmV", "mV", p.ELmV, -90, -40, false},
		{"VthMV", "mV", p.VthMV, math.Max(p.ELmV, p.VresetMV), 0, true},
		{"VresetMV", "mV", p.VresetMV, -90, p.VthMV, false},
		{"TrefEMs", "ms", p.TrefEMs, 0, 20, false},
		{"TrefIMs", "ms", p.TrefIMs, 0, 20, false},
		{"AdaptMV", "mV", p.AdaptMV, 0, 20, false},
		{"TauAdaptMs", "ms", p.TauAdaptMs, 1, 5000, false},
		{"TauExcMs", "ms", p.TauExcMs, 0.5, 50, false},
		{"TauInhMs", "ms", p.TauInhMs, 0.5, 50, false},
		{"BackgroundHz", "Hz", p.BackgroundHz, 0, 20000, false},
		{"BackgroundMV", "mV", p.BackgroundMV, 0, 5, false},
		{"EEDelayMs", "ms", p.EEDelayMs, 0, 20, false},
		{"EEDendriticDelayMs", "ms", p.EEDendriticDelayMs, 0, p.EEDelayMs / 2, false},
		{"EEDepressionU", "", p.EEDepressionU, 0, 1, false},
		{"EEDepressionTauMs", "ms", p.EEDepressionTauMs, 1, 10000, false},
		{"WEEMaxMV", "mV", p.WEEMaxMV, 0, 20, true},
		{"WEEInitMV", "mV", p.WEEInitMV, 0, p.WEEMaxMV, false},
		{"WAssemblyMV", "mV", p.WAssemblyMV, 0, 20, false},
		{"PEI", "", p.PEI, 0, 1, false},
		{"PIE", "", p.PIE, 0, 1, false},
		{"PII", "", p.PII, 0, 1, false},
		{"WEIMV", "mV", p.WEIMV, 0, 20, false},
		{"WIEMV", "mV", p.WIEMV, 0, 20, false},
		{"WIIMV", "mV", p.WIIMV, 0, 20, false},
		{"LocalDelayMs", "ms", p.LocalDelayMs, 0, 20, false},
		{"TauPlusMs", "ms", p.TauPlusMs, 0.5, 100, false},
		{"TauMinusMs", "ms", p.TauMinusMs, 0.5, 100, false},
		{"APlusMV", "mV", p.APlusMV, 0, 10, false},
		{"AMinusMV", "mV", p.AMinusMV, -10, 10, false},
		{"BetaMV", "mV", p.BetaMV, 0, 1, false},
		{"BetaPostMV", "mV", p.BetaPostMV, 0, 1, false},
		{"SleepRate", "", p.SleepRate, 0, 10, false},
		{"SleepEEGain", "", p.SleepEEGain, 0, 1, false},
		{"AwakeRate", "", p.AwakeRate, 0, 10, false},
		{"MgGain", "", p.MgGain, 0, 100, true},
		{"VbarTauMs", "ms", p.VbarTauMs, 1, 100, false},
		{"PruneBelowMV", "mV", p.PruneBelowMV, 0, p.WEEMaxMV, false},
		{"UsageDecay", "", p.UsageDecay, 0, 1, false},
		{"DecodeBinMs", "ms", p.DecodeBinMs, 1, 50, false},
		{"DecodeWindowMs", "ms", p.DecodeWindowMs, 10, 2000, false},
		{"DecodeMinFrac", "", p.DecodeMinFrac, 0, 5, true},
	}
	for _, c := range floats {
		u := ""
		if c.unit != "" {
			u = " " + c.unit
		}
		bad := math.IsNaN(c.v) || c.v > c.hi || c.v < c.lo || (c.openLo && c.v == c.lo)
		if !bad {
			continue
		}
		lo := "≤"
		if c.openLo {
			lo = "<"
		}
		return fmt.Errorf("cortex: %s = %v%s, want %g %s %s ≤ %g%s", c.name, c.v, u, c.lo, lo, c.name, c.hi, u)
	}
	if !p.Pruning.valid() {
		return fmt.Errorf("cortex: Pruning = %q, want %q, %q, %q or %q", p.Pruning, PruneByUsage, PruneDepressed, PruneRandom, PruneNone)
	}
	for k, f := range p.PruneSchedule {
		if !(f >= 0 && f <= 0.9) {
			return fmt.Errorf("cortex: PruneSchedule[%d] = %v, want 0 ≤ fraction ≤ 0.9", k, f)
		}
	}
	return nil
}
