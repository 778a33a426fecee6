package validation

import (
	"engram/ann"
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
// rate), compared with GPT-3's training energy. The check on the brain
// extrapolation asks for the right order of magnitude (2–200 W).
func runV13(o Options) ([]Check, error) {
	n, err := v67Night(o)
	if err != nil {
		return nil, err
	}
	net := n.H.Net()
	e := net.Energy()
	seconds := net.TimeMs() / 1000
	cells := 0
	for _, g := range net.Groups() {
		cells += g.Size()
	}
	modelW := e.Joules / seconds
	wholeBrainW := modelW / float64(cells) * brainNeurons

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
	return []Check{
		Positive("brain meter: hippocampus day and night", e.Joules, "J"),
		Positive("brain meter: synaptic events per second", float64(e.Events)/seconds, "1/s"),
		Positive("brain model power", modelW, "W"),
		Within("brain model power scaled to 8.6e10 neurons", wholeBrainW, "W", brainWatts/10, brainWatts*10),
		Positive("ANN meter: replay mode, all days", float64(res.FLOPs.Total()), "FLOP"),
		Positive("ANN energy at H100 peak (0.71 pJ/FLOP)", annH100, "J"),
		Positive("ANN energy at GPT-3 end-to-end (14.8 pJ/FLOP)", annGPT3, "J"),
		Positive("ANN run / GPT-3 training energy", annGPT3/gpt3TrainingJoules, ""),
	}, nil
}
