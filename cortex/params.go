package cortex

import (
	"fmt"

	"engram/param"
)

// Params describes the cortex. Every field carries its unit, allowed
// range and meaning in its tags; DefaultParams returns the regime of
// docs/model.md §4 with the changes it lists.
type Params struct {
	// NE is the number of excitatory (pyramidal) cells.
	NE int `toml:"ne" range:"1..100000" doc:"excitatory (pyramidal) cells; a brain raises it to fit its task's items"`
	// NI is the number of inhibitory cells.
	NI int `toml:"ni" range:"1..100000" doc:"inhibitory cells"`
	// AssemblySize is the number of E cells that code one item.
	AssemblySize int `toml:"assembly_size" range:"1..100000" doc:"E cells that code one item (items × assembly_size ≤ ne)"`

	// CmPF is the membrane capacitance of every cell, pF.
	CmPF float64 `toml:"cm_pf" unit:"pF" range:"0<..100000" doc:"membrane capacitance of every cell"`
	// TauEMemMs is the membrane time constant of E cells, ms.
	TauEMemMs float64 `toml:"tau_e_mem_ms" unit:"ms" range:"1..100" doc:"membrane time constant of E cells"`
	// TauIMemMs is the membrane time constant of I cells, ms.
	TauIMemMs float64 `toml:"tau_i_mem_ms" unit:"ms" range:"1..100" doc:"membrane time constant of I cells"`
	// ELmV is the resting potential, mV.
	ELmV float64 `toml:"el_mv" unit:"mV" range:"-90..-40" doc:"resting potential"`
	// VthMV is the spike threshold, mV.
	VthMV float64 `toml:"vth_mv" unit:"mV" range:"..0" doc:"spike threshold, above el_mv and vreset_mv"`
	// VresetMV is the potential after a spike, mV.
	VresetMV float64 `toml:"vreset_mv" unit:"mV" range:"-90..0" doc:"potential after a spike (< vth_mv)"`
	// TrefEMs is the refractory period of E cells, ms.
	TrefEMs float64 `toml:"tref_e_ms" unit:"ms" range:"0..20" doc:"refractory period of E cells"`
	// TrefIMs is the refractory period of I cells, ms.
	TrefIMs float64 `toml:"tref_i_ms" unit:"ms" range:"0..20" doc:"refractory period of I cells"`
	// AdaptMV is the spike-frequency adaptation of E cells: each spike
	// adds an adaptation current worth AdaptMV of steady hyperpolarisation
	// (b = AdaptMV·gL pA).
	AdaptMV float64 `toml:"adapt_mv" unit:"mV" range:"0..20" doc:"spike-frequency adaptation of E cells: the steady hyperpolarisation each spike's adaptation current is worth (b = adapt_mv·gL)"`
	// TauAdaptMs is the decay time constant of adaptation, ms.
	TauAdaptMs float64 `toml:"tau_adapt_ms" unit:"ms" range:"1..5000" doc:"decay time constant of adaptation"`

	// TauExcMs is the decay of excitatory synaptic currents, ms.
	TauExcMs float64 `toml:"tau_exc_ms" unit:"ms" range:"0.5..50" doc:"decay of excitatory synaptic currents"`
	// TauInhMs is the decay of inhibitory synaptic currents, ms.
	TauInhMs float64 `toml:"tau_inh_ms" unit:"ms" range:"0.5..50" doc:"decay of inhibitory synaptic currents"`

	// BackgroundHz is the total rate of Poisson background input per
	// cell, Hz.
	BackgroundHz float64 `toml:"background_hz" unit:"Hz" range:"0..20000" doc:"total rate of independent Poisson background input per cell"`
	// BackgroundMV is the weight of one background event, mV.
	BackgroundMV float64 `toml:"background_mv" unit:"mV" range:"0..5" doc:"weight of one background event"`

	// EEIndegree is the number of E→E synapses onto each E cell.
	EEIndegree int `toml:"ee_indegree" range:"0..100000" doc:"E→E synapses onto each E cell (fixed in-degree, no autapses; ≤ ne − 1)"`
	// EEDelayMs is the axonal delay of E→E synapses, ms. With τ± 5 ms it
	// keeps recall ordered (docs/model.md §4.2).
	EEDelayMs float64 `toml:"ee_delay_ms" unit:"ms" range:"0..20" doc:"delay of E→E synapses"`
	// EEDendriticDelayMs is the part of EEDelayMs spent on the dendrite,
	// ms (sim.STDPParams.DendriticDelayMs, Morrison et al. 2008): STDP
	// pairs spikes whose somatic times differ by more than
	// EEDelayMs − 2·EEDendriticDelayMs as causal.
	EEDendriticDelayMs float64 `toml:"ee_dendritic_delay_ms" unit:"ms" range:"0..10" doc:"part of ee_delay_ms spent on the dendrite, ≤ ee_delay_ms/2 (half: STDP pairs somatic spike times)"`
	// EEDepressionU and EEDepressionTauMs give the E→E synapses
	// Tsodyks–Markram short-term depression (sim.Projection.SetDepression;
	// Tsodyks & Markram 1997): each spike uses the fraction U of its cell's
	// resources, which recover with τ = EEDepressionTauMs. A learned route
	// firing at hundreds of Hz then runs out of transmitter instead of
	// holding itself active.
	EEDepressionU     float64 `toml:"ee_depression_u" unit:"" range:"0..1" doc:"release fraction U of E→E short-term depression (0: none)"`
	EEDepressionTauMs float64 `toml:"ee_depression_tau_ms" unit:"ms" range:"1..10000" doc:"recovery time constant of E→E short-term depression"`
	// WEEInitMV is the initial weight of plastic E→E synapses, mV.
	WEEInitMV float64 `toml:"w_ee_init_mv" unit:"mV" range:"0..20" doc:"initial weight of plastic E→E synapses (≤ w_ee_max_mv)"`
	// WEEMaxMV is the upper bound of plastic E→E weights, mV.
	WEEMaxMV float64 `toml:"w_ee_max_mv" unit:"mV" range:"0<..20" doc:"upper bound of plastic E→E weights"`
	// WAssemblyMV is the fixed weight of E→E synapses inside one item
	// assembly, mV (pre-existing assemblies; not plastic, never pruned).
	WAssemblyMV float64 `toml:"w_assembly_mv" unit:"mV" range:"0..20" doc:"fixed weight of E→E synapses inside one item assembly (not plastic, never pruned)"`
	// PEI, PIE and PII are the connection probabilities E→I, I→E and I→I.
	PEI float64 `toml:"p_ei" unit:"" range:"0..1" doc:"connection probability E→I"`
	PIE float64 `toml:"p_ie" unit:"" range:"0..1" doc:"connection probability I→E"`
	PII float64 `toml:"p_ii" unit:"" range:"0..1" doc:"connection probability I→I"`
	// WEIMV, WIEMV and WIIMV are the weights E→I, I→E and I→I, mV
	// (inhibitory weights are given as positive magnitudes).
	WEIMV float64 `toml:"w_ei_mv" unit:"mV" range:"0..20" doc:"weight E→I"`
	WIEMV float64 `toml:"w_ie_mv" unit:"mV" range:"0..20" doc:"weight I→E (a positive magnitude)"`
	WIIMV float64 `toml:"w_ii_mv" unit:"mV" range:"0..20" doc:"weight I→I (a positive magnitude)"`
	// LocalDelayMs is the delay of the E→I, I→E and I→I synapses, ms.
	LocalDelayMs float64 `toml:"local_delay_ms" unit:"ms" range:"0..20" doc:"delay of the E→I, I→E and I→I synapses (0: the next step)"`

	// STDP is the learning rule of the plastic E→E synapses.
	STDP STDP `toml:"stdp"`
	// SleepEEGain scales the transmission of the E→E synapses during sleep
	// (SetMode(Sleep)); 1 in the other modes. Below 1 it stands for the
	// breakdown of cortical effective connectivity in NREM sleep
	// (Massimini et al. 2005): activity evoked in one place stays local
	// instead of spreading, so a replayed route cannot ignite itself and
	// the cortex follows the hippocampus's replay.
	SleepEEGain float64 `toml:"sleep_ee_gain" unit:"" range:"0..1" doc:"factor on E→E transmission during sleep (the breakdown of cortical effective connectivity in NREM sleep)"`

	// Pruning chooses the synapses EndNight removes.
	Pruning PruneRule `toml:"pruning" oneof:"usage|depressed|random|none" doc:"which plastic E→E synapses each night removes: by usage, those depressed below prune_below_mv, at random (the control), or none"`
	// PruneBelowMV is the weight below which PruneDepressed counts a
	// plastic synapse as fallen out of use, mV.
	PruneBelowMV float64 `toml:"prune_below_mv" unit:"mV" range:"0..20" doc:"weight below which pruning \"depressed\" counts a plastic synapse as fallen out of use (≤ w_ee_max_mv)"`
	// PruneSchedule lists the fraction of the remaining plastic E→E
	// synapses removed after each night (night 1, 2, …; no pruning after
	// the list ends): a decreasing rate after Navlakha et al. 2015.
	PruneSchedule []float64 `toml:"prune_schedule" unit:"" range:"0..0.9" doc:"fraction of the remaining plastic E→E synapses removed after night 1, 2, … (none after the list ends)"`
	// UsageDecay is the factor on every usage trace at the end of each
	// night.
	UsageDecay float64 `toml:"usage_decay" unit:"" range:"0..1" doc:"factor on every usage trace at the end of each night"`

	// DecodeBinMs is the bin of the recall decoder, ms.
	DecodeBinMs float64 `toml:"decode_bin_ms" unit:"ms" range:"1..50" doc:"bin of the recall decoder"`
	// DecodeWindowMs is how long after the cue onset recall is decoded,
	// ms.
	DecodeWindowMs float64 `toml:"decode_window_ms" unit:"ms" range:"10..2000" doc:"how long after the cue onset recall is decoded"`
	// DecodeMinFrac is the fraction of an assembly's cells that must
	// spike in one bin for the assembly to count as active (a cell may
	// spike more than once per bin).
	DecodeMinFrac float64 `toml:"decode_min_frac" unit:"" range:"0<..5" doc:"spikes in one bin per cell of an assembly for it to count as active"`
	// RecordCapacity is how many E spikes the cortex's spike recorder
	// keeps (a ring; Decode reads from it).
	RecordCapacity int `toml:"record_capacity" range:"1024..67108864" doc:"E spikes the cortex's spike recorder keeps (a ring the decoder reads)"`
}

// STDP is the learning rule of the cortex's plastic E→E synapses: pair
// STDP with exponential traces, a depression β, an optional soft bound
// and the NMDA receptor's Mg²⁺ gate on potentiation (see sim.STDPParams,
// which Cortex builds from it in the units of its current synapses).
type STDP struct {
	// TauPlusMs and TauMinusMs are the decay times of the presynaptic and
	// postsynaptic traces, ms.
	TauPlusMs  float64 `toml:"tau_plus_ms" unit:"ms" range:"0.5..100" doc:"decay time of the presynaptic trace"`
	TauMinusMs float64 `toml:"tau_minus_ms" unit:"ms" range:"0.5..100" doc:"decay time of the postsynaptic trace"`
	// APlusMV is the potentiation per unit presynaptic trace at a
	// postsynaptic spike, mV.
	APlusMV float64 `toml:"a_plus_mv" unit:"mV" range:"0..10" doc:"potentiation per unit presynaptic trace at a postsynaptic spike"`
	// AMinusMV is the depression per unit postsynaptic trace at a
	// presynaptic spike, mV. A negative value potentiates instead: both
	// spike orders potentiate (a symmetric window), as at the high firing
	// rates of replay (Sjöström, Turrigiano & Nelson 2001), so that a
	// sequence replayed forward and one replayed in reverse teach the same
	// links.
	AMinusMV float64 `toml:"a_minus_mv" unit:"mV" range:"-10..10" doc:"depression per unit postsynaptic trace at a presynaptic spike (negative: both spike orders potentiate)"`
	// BetaMV is the depression on every presynaptic spike, mV; it keeps
	// unused synapses near 0 and stops runaway.
	BetaMV float64 `toml:"beta_mv" unit:"mV" range:"0..1" doc:"depression on every presynaptic spike"`
	// BetaPostMV is the depression of every plastic synapse onto a cell at
	// each of its spikes, mV (heterosynaptic depression,
	// sim.STDPParams.BetaPost).
	BetaPostMV float64 `toml:"beta_post_mv" unit:"mV" range:"0..1" doc:"depression of every plastic synapse onto a cell at each of its spikes (heterosynaptic)"`
	// SoftBound makes plasticity multiplicative (sim.STDPParams.SoftBound):
	// potentiation shrinks as a weight nears WEEMaxMV.
	SoftBound bool `toml:"soft_bound" doc:"potentiation × (w_ee_max_mv − w)/w_ee_max_mv; false: additive"`
	// SleepRate is the learning rate η during sleep (a factor on A+, A−
	// and β).
	SleepRate float64 `toml:"sleep_rate" unit:"" range:"0..10" doc:"learning rate η in sleep (a factor on a_plus_mv, a_minus_mv and the β terms)"`
	// AwakeRate is the learning rate η while awake (Encode): weak, so
	// that the cortex learns mainly from replay.
	AwakeRate float64 `toml:"awake_rate" unit:"" range:"0..10" doc:"learning rate η while awake"`
	// MgGate multiplies potentiation by MgGain·B(V̄), the Mg²⁺ block of
	// the NMDA receptor (Jahr & Stevens 1990) at the postsynaptic cell's
	// low-passed potential V̄, so that the network's [Mg²⁺] decides how
	// much the cortex learns.
	MgGate bool `toml:"mg_gate" doc:"multiply potentiation by mg_gain·B(V̄), the NMDA receptor's Mg²⁺ block at the cell's low-passed potential V̄, at the network's [Mg²⁺]"`
	// MgGain is the factor on B(V̄) when MgGate is set.
	MgGain float64 `toml:"mg_gain" unit:"" range:"0<..100" doc:"factor on B(V̄) when mg_gate"`
	// VbarTauMs is the time constant of V̄, ms.
	VbarTauMs float64 `toml:"vbar_tau_ms" unit:"ms" range:"1..100" doc:"time constant of the low-passed potential V̄"`
	// GateOnInput, with MgGate, adds to V̄ the depolarisation that item
	// input (hippocampal CA1, or the driver) holds the dendrite at
	// (sim.STDPParams.DendriteReceptor): synapses learn where that input
	// arrives, and not when the cortex is driven by its own recurrent
	// synapses alone.
	GateOnInput bool `toml:"gate_on_input" doc:"with mg_gate, the gate reads V̄ plus the depolarisation item input (CA1 or the driver) holds the dendrite at"`
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
		STDP: STDP{TauPlusMs: 8, TauMinusMs: 8, APlusMV: 2.8, AMinusMV: -2.8, BetaMV: 0.03, BetaPostMV: 0.03, SoftBound: true,
			SleepRate: 6, AwakeRate: 0.1, MgGate: true, GateOnInput: true, MgGain: 1, VbarTauMs: 10},
		SleepEEGain: 0.3, EEDepressionTauMs: 200,
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

// Validate reports the first parameter outside its range (its tags), or
// values that do not fit together, as a *param.Error.
func (p Params) Validate() error {
	if err := param.Check(&p, ""); err != nil {
		return err
	}
	switch {
	case p.AssemblySize > p.NE:
		return param.Invalid(&p, &p.AssemblySize, fmt.Sprintf("≤ ne (%d)", p.NE))
	case p.EEIndegree > p.NE-1:
		return param.Invalid(&p, &p.EEIndegree, fmt.Sprintf("≤ ne − 1 (%d)", p.NE-1))
	case p.VthMV <= p.ELmV:
		return param.Invalid(&p, &p.VthMV, fmt.Sprintf("> el_mv (%g mV)", p.ELmV))
	case p.VresetMV >= p.VthMV:
		return param.Invalid(&p, &p.VresetMV, fmt.Sprintf("< vth_mv (%g mV)", p.VthMV))
	case p.EEDendriticDelayMs > p.EEDelayMs/2:
		return param.Invalid(&p, &p.EEDendriticDelayMs, fmt.Sprintf("≤ ee_delay_ms/2 (%g ms)", p.EEDelayMs/2))
	case p.WEEInitMV > p.WEEMaxMV:
		return param.Invalid(&p, &p.WEEInitMV, fmt.Sprintf("≤ w_ee_max_mv (%g mV)", p.WEEMaxMV))
	case p.PruneBelowMV > p.WEEMaxMV:
		return param.Invalid(&p, &p.PruneBelowMV, fmt.Sprintf("≤ w_ee_max_mv (%g mV)", p.WEEMaxMV))
	}
	return nil
}
