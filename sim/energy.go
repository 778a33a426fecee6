package sim

// Energy constants of the brain side.
const (
	// JoulesPerSynapticEvent is the energy of one synaptic event (one
	// vesicle release and its postsynaptic response): ≈ 1.6e5 ATP per
	// vesicle (Attwell & Laughlin 2001, J Cereb Blood Flow Metab 21:1133)
	// × 8.3e-20 J per ATP ≈ 1.3e-14 J.
	JoulesPerSynapticEvent = 1.6e5 * JoulesPerATP
	// JoulesPerATP is the free energy of ATP hydrolysis in a cell,
	// ≈ 50 kJ/mol ÷ Avogadro's number ≈ 8.3e-20 J (Attwell & Laughlin 2001).
	JoulesPerATP = 8.3e-20
	// JoulesPerSpike is the cost of one action potential, ≈ 1e-11 J
	// (≈ 1.2e8 ATP for a cortical pyramidal cell's spike including its
	// axon and dendrites; after Harris & Attwell 2012, and Attwell &
	// Laughlin 2001).
	JoulesPerSpike = 1e-11
)

// PopulationEnergy is the activity of one population and what it cost.
type PopulationEnergy struct {
	Name string `json:"name"`
	// Spikes fired by the population.
	Spikes int64 `json:"spikes"`
	// Events is the number of synaptic events onto the population (one per
	// synapse per arriving spike, background inputs included).
	Events int64 `json:"synaptic_events"`
	// Joules = Spikes·JoulesPerSpike + Events·JoulesPerSynapticEvent.
	Joules float64 `json:"joules"`
	// External marks a Poisson input population (not a modelled cell group).
	External bool `json:"external,omitempty"`
}

// Energy is the network's energy meter reading.
type Energy struct {
	Spikes int64              `json:"spikes"`
	Events int64              `json:"synaptic_events"`
	Joules float64            `json:"joules"`
	By     []PopulationEnergy `json:"by_population"`
}

// Energy reads the energy meter: spikes and synaptic events counted since
// the network was built, and their cost in joules.
func (n *Network) Energy() Energy {
	var e Energy
	for _, g := range n.groups {
		pe := PopulationEnergy{Name: g.name, Spikes: g.count}
		for _, p := range n.projs {
			if p.post == g {
				pe.Events += p.events
			}
		}
		for _, in := range g.inputs {
			for _, c := range in.events {
				pe.Events += c
			}
		}
		e.By = append(e.By, pe)
	}
	for _, s := range n.sources {
		e.By = append(e.By, PopulationEnergy{Name: s.name, Spikes: s.count, External: true})
	}
	for k := range e.By {
		pe := &e.By[k]
		pe.Joules = float64(pe.Spikes)*JoulesPerSpike + float64(pe.Events)*JoulesPerSynapticEvent
		e.Spikes += pe.Spikes
		e.Events += pe.Events
		e.Joules += pe.Joules
	}
	return e
}
