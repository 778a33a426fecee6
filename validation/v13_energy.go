package validation

import (
	"fmt"
	"math"

	"engram/ann"
	"engram/sim"
	"engram/task"
)

func init() {
	register(Row{ID: "V13", Title: "energy: brain and ANN meters", Run: runV13})
}

// Reference figures for the extrapolations.
const (
	// brainWatts is the power of a whole human brain, ≈ 20 W (Attwell &
	// Laughlin 2001; Raichle & Gusnard 2002).
	brainWatts = 20.0
	// brainNeurons is the number of neurons of a human brain, 8.6e10
	// (Azevedo et al. 2009).
	brainNeurons = 8.6e10
	// gpt3TrainingJoules is the energy of training GPT-3, 1,287 MWh
	// (Patterson et al. 2021).
	gpt3TrainingJoules = 1287e6 * 3600
)

// runV13 reads both energy meters on one run each and extrapolates: the
// brain meter over the V6/V7 day and night of the hippocampus (synaptic
// events × 1.3e-14 J + spikes × 1e-11 J), scaled per neuron to a whole
// brain and compared with 20 W; the ANN meter over the default task in
// replay mode (FLOPs × J/FLOP at H100 peak and at GPT-3's end-to-end
// rate), compared with GPT-3's training energy. Each check is a range
// with its reason:
//
//   - the brain meter's joules are its counts times the two costs (the
//     meter adds up; relative error ≤ 1e-9);
//   - the model's cells fire 0.1–50 Hz on average (a silent or runaway
//     network would make the energy meaningless);
//   - each spike costs 10–1000 synaptic events: the model's out-degrees
//     lie in that range (CA3 pyramidal cells contact ≈ 0.2 of 1200 cells,
//     CA1 and DG cells tens), so the meter counts one event per synapse;
//   - the whole-brain extrapolation is within 10× of 20 W;
//   - the ANN's training FLOPs are 4–12 per parameter per trained token:
//     ≈ 6 for the dense layers (Kaplan et al. 2020), more with attention
//     and the Adam update, fewer would mean uncounted work;
//   - the ANN's energy is its FLOPs times the per-FLOP cost (relative
//     error ≤ 1e-9), and the run is a vanishing fraction (< 1e-6) of
//     GPT-3's training energy.
func runV13(o Options) ([]Check, error) {
	n, err := v67Night(o)
	if err != nil {
		return nil, err
	}
	e := n.Energy
	seconds := n.SimMs / 1000
	modelW := e.Joules / seconds
	wholeBrainW := modelW / float64(n.Cells) * brainNeurons
	recomputed := float64(e.Spikes)*sim.JoulesPerSpike + float64(e.Events)*sim.JoulesPerSynapticEvent

	t, err := task.Generate(task.DefaultParams(), o.Seed)
	if err != nil {
		return nil, err
	}
	p := ann.DefaultParams()
	p.Seed = o.Seed
	res, err := ann.Run(t, p, ann.ModeReplay)
	if err != nil {
		return nil, err
	}
	annH100 := res.Energy(ann.JoulesPerFLOPH100)
	annGPT3 := res.Energy(ann.JoulesPerFLOPGPT3)
	// Trained tokens: every gradient step of the days trains Batch
	// episodes of EpisodeLen items.
	tokens := float64(len(res.Loss) * p.Batch * t.Params.EpisodeLen)
	train := float64(res.FLOPs.Total() - res.RecallFLOPs.Total())
	perParamToken := train / (float64(res.Memory.Params) * tokens)
	rel := func(a, b float64) float64 { return math.Abs(a-b) / math.Max(math.Abs(b), 1e-300) }
	return []Check{
		Within(fmt.Sprintf("brain meter: joules against its counts (%.3g J, %d spikes, %d synaptic events)", e.Joules, e.Spikes, e.Events),
			rel(e.Joules, recomputed), "", 0, 1e-9),
		Within("brain model: mean firing rate of its cells", float64(e.Spikes)/float64(n.Cells)/seconds, "Hz", 0.1, 50),
		Within("brain meter: synaptic events per spike", float64(e.Events)/float64(max(e.Spikes, 1)), "", 10, 1000),
		Within(fmt.Sprintf("brain model power (%.3g W for %d cells) scaled to 8.6e10 neurons", modelW, n.Cells), wholeBrainW, "W", brainWatts/10, brainWatts*10),
		Within(fmt.Sprintf("ANN meter: training FLOPs per parameter per trained token (%.3g FLOP, %d parameters, %.0f tokens)", train, res.Memory.Params, tokens),
			perParamToken, "", 4, 12),
		Within(fmt.Sprintf("ANN energy against its FLOPs (%.3g J at H100 peak, %.3g J at GPT-3's end-to-end rate)", annH100, annGPT3),
			rel(annH100, float64(res.FLOPs.Total())*ann.JoulesPerFLOPH100), "", 0, 1e-9),
		Within("ANN run / GPT-3 training energy", annGPT3/gpt3TrainingJoules, "", 0, 1e-6),
	}, nil
}
