package hippocampus

import (
	"fmt"

	"engram/param"
	"engram/sim"
)

// Synapse describes one projection of the circuit: difference-of-
// exponentials conductance (peak-normalised), weight, probability, delay.
type Synapse struct {
	// RiseMs and DecayMs are the kinetics, ms.
	RiseMs  float64 `toml:"rise_ms" unit:"ms" range:"0..1000" doc:"rise time constant of the conductance (0: instantaneous rise)"`
	DecayMs float64 `toml:"decay_ms" unit:"ms" range:"0<..1000" doc:"decay time constant of the conductance (> rise_ms)"`
	// ErevMV is the reversal potential, mV.
	ErevMV float64 `toml:"erev_mv" unit:"mV" range:"-150..100" doc:"reversal potential"`
	// WnS is the weight, nS (the initial weight when plastic).
	WnS float64 `toml:"w_ns" unit:"nS" range:"0..100000" doc:"peak conductance of one synapse (the initial weight when plastic)"`
	// P is the connection probability.
	P float64 `toml:"p" unit:"" range:"0..1" doc:"connection probability (not read by the one-to-one projections gc_ec and mossy)"`
	// DelayMs is the axonal delay, ms.
	DelayMs float64 `toml:"delay_ms" unit:"ms" range:"0..1000" doc:"axonal delay"`
}

// Validate reports the first parameter outside its range (its tags), or
// kinetics out of order, as a *param.Error.
func (s Synapse) Validate() error {
	if err := param.Check(&s, ""); err != nil {
		return err
	}
	if s.RiseMs > 0 && s.RiseMs >= s.DecayMs {
		return param.Invalid(&s, &s.RiseMs, fmt.Sprintf("< decay_ms (%g ms)", s.DecayMs))
	}
	return nil
}

func (s Synapse) receptor(name string) sim.ReceptorParams {
	return sim.ReceptorParams{Name: name, Kind: sim.Conductance, RiseMs: s.RiseMs, DecayMs: s.DecayMs, ErevMV: s.ErevMV}
}

// Params describes the hippocampal circuit EC → DG → CA3 → CA1. The CA3
// part follows the regime of Ecker et al. (2022, eLife 11:e71850), which
// gives sharp-wave ripples and ordered replay (docs/model.md §3); DG and CA1
// are relays with their own inhibition around it. A projection's name
// reads target then source: PCBC is BC → PC.
type Params struct {
	// AssemblyPC is the number of CA3 pyramidal cells per item.
	AssemblyPC int `toml:"assembly_pc" range:"1..10000" doc:"CA3 pyramidal cells per item"`
	// NPC is the number of CA3 pyramidal cells; cells beyond the item
	// assemblies code nothing.
	NPC int `toml:"n_pc" range:"1..100000" doc:"CA3 pyramidal cells (and DG granule and EC cells, one each); cells beyond the item assemblies code nothing; a brain raises it to fit its task's items"`
	// NBC is the number of CA3 basket cells.
	NBC int `toml:"n_bc" range:"1..100000" doc:"CA3 basket cells"`
	// PC is the AdEx cell of CA3 pyramidal cells.
	PC sim.NeuronParams `toml:"pc"`
	// BC is the AdEx cell of CA3 and CA1 basket cells.
	BC sim.NeuronParams `toml:"bc"`
	// CA1PC is the AdEx cell of CA1 pyramidal cells.
	CA1PC sim.NeuronParams `toml:"ca1_pc"`

	// CA3 synapses (Ecker et al. 2022): PC←PC recurrent (plastic), PC←BC,
	// BC←PC, BC←BC, and PC←DG mossy fibres (one-to-one).
	PCPC  Synapse `toml:"pc_pc"`
	PCBC  Synapse `toml:"pc_bc"`
	BCPC  Synapse `toml:"bc_pc"`
	BCBC  Synapse `toml:"bc_bc"`
	Mossy Synapse `toml:"mossy"`

	// STDP on PC→PC: pair rule, w ∈ [0, 10] nS. The default is the
	// symmetric rule of CA3 (Mishra et al. 2016: both orders potentiate;
	// A+ = 0.5 nS, A− = −0.5 nS) with τ± 62.5 ms, the window Ecker et al.
	// (2022) fit to those data: it stores order in both directions, so
	// that sweeps run forward and in reverse. The asymmetric rule
	// (A− = +0.3 nS, post-before-pre depression) stores forward order only.
	STDP sim.STDPParams `toml:"stdp"`
	// LearningRate scales STDP while encoding.
	LearningRate float64 `toml:"learning_rate" unit:"" range:"0<..1000" doc:"factor on STDP while encoding (fast hippocampal learning)"`
	// SalienceGain multiplies learning for salient (tagged) episodes.
	SalienceGain float64 `toml:"salience_gain" unit:"" range:"0<..1000" doc:"factor on learning for salient (tagged) episodes: the neuromodulatory tag"`

	// Depression of PC→PC (Tsodyks–Markram): release fraction U
	// (x ← (1−U)·x per spike) and recovery τ, ms. It acts per synapse, so
	// it makes refractory only the cells that just fired.
	DepressionU     float64 `toml:"depression_u" unit:"" range:"0<..1" doc:"release fraction U of PC→PC short-term depression (x ← (1−U)·x per spike; Tsodyks & Markram 1997)"`
	DepressionTauMs float64 `toml:"depression_tau_ms" unit:"ms" range:"0<..100000" doc:"recovery time constant of PC→PC short-term depression"`

	// ReleaseInhibition is presynaptic GABA_B inhibition of PC→PC release
	// driven by the basket cells' population activity and shared by every
	// recurrent synapse (sim.PresynapticParams; Isaacson et al. 1993):
	// after a sharp wave, whose ripple fires every basket cell, all stored
	// routes are refractory, not only the one replayed. MaxInhibition 0
	// turns it off.
	ReleaseInhibition sim.PresynapticParams `toml:"release_inhibition"`

	// SleepGain multiplies PC→PC transmission in sleep.
	SleepGain float64 `toml:"sleep_gain" unit:"" range:"0<..1000" doc:"factor on PC→PC transmission in sleep (low acetylcholine); transmission is off while awake"`
	// RecallGain multiplies PC→PC transmission in cued recall (Hasselmo
	// 1999).
	RecallGain float64 `toml:"recall_gain" unit:"" range:"0<..1000" doc:"factor on PC→PC transmission in cued recall and pattern completion (quiet wakefulness)"`
	// SleepBackgroundHz is the mean Poisson rate of each EC cell in sleep,
	// Hz.
	SleepBackgroundHz float64 `toml:"sleep_background_hz" unit:"Hz" range:"0..100" doc:"mean Poisson rate of each EC cell in sleep"`
	// SleepDriveSD and SleepDriveTauMs describe the slow fluctuation of
	// the EC input in sleep (Hippocampus.Sleep).
	SleepDriveSD    float64 `toml:"sleep_drive_sd" unit:"" range:"0..5" doc:"relative standard deviation of the slow fluctuation of the EC input in sleep (0: constant)"`
	SleepDriveTauMs float64 `toml:"sleep_drive_tau_ms" unit:"ms" range:"1..10000" doc:"correlation time of the fluctuation of the EC input in sleep"`
	// AwakeBackgroundHz is the rate of an EC cell outside its place field
	// while awake, Hz.
	AwakeBackgroundHz float64 `toml:"awake_background_hz" unit:"Hz" range:"0..100" doc:"Poisson rate of each EC cell outside its place field while awake"`
	// FieldPeakHz is the peak rate of an EC cell in its place field, Hz.
	FieldPeakHz float64 `toml:"field_peak_hz" unit:"Hz" range:"0<..1000" doc:"peak rate of an EC cell in its place field"`
	// FieldItems is the place-field width in items.
	FieldItems float64 `toml:"field_items" unit:"items" range:"0<..100" doc:"place-field width (4: neighbours fire ≈ 31 ms apart within a theta cycle)"`
	// ThetaHz is the theta frequency while awake, Hz.
	ThetaHz float64 `toml:"theta_hz" unit:"Hz" range:"0<..100" doc:"theta frequency while awake"`

	// DG granule cells (one per CA3 pyramidal cell) relay EC input
	// (GC←EC, one-to-one) through one-to-one detonator mossy fibres; DG
	// interneurons (DGI←GC) feed back inhibition (GC←DGI) that keeps them
	// sparse.
	GC    sim.NeuronParams `toml:"gc"`
	DGI   sim.NeuronParams `toml:"dgi"`
	NDGI  int              `toml:"n_dgi" range:"1..100000" doc:"DG interneurons"`
	GCEC  Synapse          `toml:"gc_ec"`
	DGIGC Synapse          `toml:"dgi_gc"`
	GCDGI Synapse          `toml:"gc_dgi"`
	// CA1: pyramidal cells (AssemblyCA1 per item, NCA1 in all) driven by
	// CA3 Schaffer collaterals within the same item, and CA1 basket cells
	// driven by CA1 pyramidal cells (CA1BCPC) and by Schaffer collaterals
	// (CA1BCCA3: feedforward inhibition that paces the CA1 ripple).
	AssemblyCA1 int     `toml:"assembly_ca1" range:"1..10000" doc:"CA1 pyramidal cells per item"`
	NCA1        int     `toml:"n_ca1" range:"1..100000" doc:"CA1 pyramidal cells; a brain raises it to fit its task's items"`
	NCA1BC      int     `toml:"n_ca1_bc" range:"1..100000" doc:"CA1 basket cells"`
	Schaffer    Synapse `toml:"schaffer"`
	CA1PCBC     Synapse `toml:"ca1_pc_bc"`
	CA1BCPC     Synapse `toml:"ca1_bc_pc"`
	CA1BCCA3    Synapse `toml:"ca1_bc_ca3"`

	// TraceDecayDays is the time constant of forgetting, days.
	TraceDecayDays float64 `toml:"trace_decay_days" unit:"days" range:"0<..10000" doc:"time constant with which stored PC→PC weights relax toward their initial value between days (forgetting)"`
}

// DefaultParams returns the hippocampus of the default brain, the one the
// validation rows V5–V7 measure. Cells, synaptic kinetics and wiring are
// those of Ecker et al. (2022) as docs/model.md §3 records them; the rest was
// chosen by sweeps of the brain's task (5 routes of 5 items, one a day,
// every other one salient, 10 s nights; seeds 1–2, the hippocampus
// alone), each change for a measured reason:
//
//   - STDP symmetric with τ± 62.5 ms (was 20 ms). With 20 ms, items 31 ms
//     apart in a theta cycle were linked at 0.35 of the weight within an
//     item and sweeps died after two items; with 62.5 ms, ≈ 0.65, and
//     sweeps cross the whole route: forward from its first item, in
//     reverse from its last (the end items, with one neighbour each, have
//     the strongest weights within).
//   - Short-term depression U 0.8, τrec 150 ms (the reference run of
//     docs/model.md §3.3: x ← 0.6x, 800 ms). With U 0.4 an item's
//     assembly kept firing for ≈ 50 ms with its neighbours and the
//     decoded sweep was a smear; at 0.8 it stops after two or three
//     spikes and the wave moves on.
//   - ReleaseInhibition (α 0.15, τr 200 ms, τs 100 ms, Hill 4, K 0.3, up to
//     90 %): without it the 25 stored assemblies ignited one after another
//     3–5 times a second (trains of sweeps, 0–2 detected ripples a night).
//   - LearningRate 4.5 and SalienceGain 1.5 (were 3 and 2): with the tag
//     doubling learning, untagged routes never replayed a whole route in
//     5 nights (0 of 6 route-nights, seeds 1–2) beside a salient one; now
//     salient routes replay 2–4× as often per night, and both do.
//   - SleepGain 3.2 with SleepBackgroundHz 1.5 fluctuating (SD 1, 200 ms):
//     ignition waits for the input to rise, at 0.4–0.8 events/s both on
//     nights whose newest route is salient and on those whose is not
//     (with a constant input the rate fell to 0–0.2/s on the latter at
//     gains that gave 0.7/s on the former); at gain 5 the rate is about
//     the same but fewer events decode a whole route.
//   - RecallGain 6: a 30 % cue then completes ≈ 90 % of the day-1 route's
//     assemblies (≈ 80 % at 3.6, 89 % at 4.5, with LearningRate 3).
//   - DG feedback inhibition 4 nS (was 1): the dentate gyrus is sparser
//     where many items' fields overlap, so the first item of a route
//     learns the strongest weights within (≈ 1.4 × the middle's, was
//     1.25) and more sweeps start there.
//   - Schaffer collaterals 4 nS (were 2), chosen by the cortex that
//     learns from CA1 (the brain, seeds 1–5). Sweeps fire few CA3 cells
//     of the items after the second; at 2 nS their CA1 assemblies then
//     fired 0.36–0.67 spikes per cell in a significant replay against 1.3
//     for the first two items, and the cortex learned those links weakly,
//     so recall stopped there. At 4 nS every item's CA1 assembly fires
//     1.8–3.3 spikes per cell (TestCA1RelaysEveryItem: the first night of
//     the default brain's first route, seed 1). With CA1 → cortex at
//     2.5 mV, cortex-alone recall on day 5 of the day-1 route rose from
//     0.44, 0.75, 0.62, 1.00, 0.25 to 0.94, 1.00, 1.00, 1.00, 0.75, of
//     all routes from 0.40, 0.26, 0.28, 0.50, 0.25 to 0.65, 0.62, 0.59,
//     0.45, 0.60 (`simulate -seed N -set brain.ca1_input.weight_mv=2.5`,
//     recall.csv; brain.DefaultParams gives why CA1 → cortex is now
//     2 mV). CA1 does not project back, so CA3's ripples and replays are
//     the same spike for spike.
//
// Measured on the default brain (brain.DefaultParams, seeds 1–5), see the
// validation rows V5–V7.
func DefaultParams() Params {
	return Params{
		AssemblyPC: 80, NPC: 1200, NBC: 150,
		PC: sim.NeuronParams{CpF: 180.1, GLnS: 4.315, ELmV: -75.19, VthMV: -24.43, VresetMV: -29.74, TrefMs: 5.96,
			DeltaTmV: 4.234, VpeakMV: -24.43 + 5*4.234, AnS: -0.274, BpA: 206.8, TauWMs: 84.94},
		CA1PC: sim.NeuronParams{CpF: 200, GLnS: 10, ELmV: -65, VthMV: -50, VresetMV: -60, TrefMs: 2,
			DeltaTmV: 2, VpeakMV: -40, AnS: 0, BpA: 40, TauWMs: 100},
		BC: sim.NeuronParams{CpF: 7.515 * 15.77, GLnS: 7.515, ELmV: -74.74, VthMV: -57.71, VresetMV: -64.99, TrefMs: 1.156,
			DeltaTmV: 4.584, VpeakMV: -57.71 + 5*4.584, AnS: 3.056, BpA: 0.916, TauWMs: 178.6},
		PCPC:         Synapse{RiseMs: 1.3, DecayMs: 9.5, ErevMV: 0, WnS: 0.1, P: 0.2, DelayMs: 2.2},
		PCBC:         Synapse{RiseMs: 0.3, DecayMs: 3.3, ErevMV: -70, WnS: 0.65, P: 0.25, DelayMs: 1.1},
		BCPC:         Synapse{RiseMs: 1.0, DecayMs: 4.1, ErevMV: 0, WnS: 2.5, P: 0.2, DelayMs: 0.9},
		BCBC:         Synapse{RiseMs: 0.25, DecayMs: 1.2, ErevMV: -70, WnS: 5, P: 0.25, DelayMs: 0.6},
		Mossy:        Synapse{RiseMs: 0.65, DecayMs: 5.4, ErevMV: 0, WnS: 21.5, P: 1, DelayMs: 0},
		STDP:         sim.STDPParams{TauPlusMs: 62.5, TauMinusMs: 62.5, APlus: 0.5, AMinus: -0.5, WMin: 0, WMax: 10},
		LearningRate: 4.5, SalienceGain: 1.5,
		DepressionU: 0.8, DepressionTauMs: 150,
		ReleaseInhibition: sim.PresynapticParams{Alpha: 0.15, TauRMs: 200, TauSMs: 100, Hill: 4, K: 0.3, MaxInhibition: 0.9},
		SleepGain:         3.2, RecallGain: 6,
		SleepBackgroundHz: 1.5, SleepDriveSD: 1, SleepDriveTauMs: 200,
		AwakeBackgroundHz: 1, FieldPeakHz: 200, FieldItems: 4, ThetaHz: 8,
		GC:          sim.NeuronParams{CpF: 100, GLnS: 5, ELmV: -70, VthMV: -50, VresetMV: -70, TrefMs: 2},
		DGI:         sim.NeuronParams{CpF: 100, GLnS: 10, ELmV: -65, VthMV: -50, VresetMV: -65, TrefMs: 1},
		NDGI:        100,
		GCEC:        Synapse{DecayMs: 3, ErevMV: 0, WnS: 40, P: 1},
		DGIGC:       Synapse{DecayMs: 3, ErevMV: 0, WnS: 1, P: 0.1, DelayMs: 1},
		GCDGI:       Synapse{DecayMs: 6, ErevMV: -70, WnS: 4, P: 0.2, DelayMs: 1},
		AssemblyCA1: 40, NCA1: 600, NCA1BC: 60,
		Schaffer:       Synapse{RiseMs: 0.5, DecayMs: 3, ErevMV: 0, WnS: 4, P: 0.25, DelayMs: 2},
		CA1PCBC:        Synapse{RiseMs: 0.3, DecayMs: 3.3, ErevMV: -70, WnS: 1, P: 0.25, DelayMs: 1},
		CA1BCPC:        Synapse{RiseMs: 1.0, DecayMs: 4.1, ErevMV: 0, WnS: 2, P: 0.2, DelayMs: 1},
		CA1BCCA3:       Synapse{RiseMs: 1.0, DecayMs: 4.1, ErevMV: 0, WnS: 1.5, P: 0.1, DelayMs: 2},
		TraceDecayDays: 3,
	}
}

// Validate reports the first parameter outside its range (its tags), or
// values that do not fit together (in a cell or a synapse), as a
// *param.Error.
func (p Params) Validate() error { return param.Check(&p, "") }
