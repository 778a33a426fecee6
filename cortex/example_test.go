package cortex_test

import (
	"fmt"

	"engram/cortex"
)

// ExamplePotentiation measures the Mg²⁺ gate of the default cortex's
// plastic E→E synapse: the weight change per pairing (a postsynaptic spike
// 5 ms after a presynaptic one, 10 pairings at 5 Hz, the protocol of the
// summary figure) while the dendrite is held depolarised by 0–40 mV, at
// 0, 1 and 3 mM [Mg²⁺] (docs/model.md §4).
func ExamplePotentiation() {
	depol := []float64{0, 5, 10, 15, 20, 25, 30, 40}
	pp := cortex.PairingProtocol{Pairs: 10, LagMs: 5, PeriodMs: 200}
	fmt.Printf("held depolarisation, mV: %v\n", depol)
	for _, mg := range []float64{0, 1, 3} {
		dw, err := cortex.Potentiation(cortex.DefaultParams(), mg, depol, pp)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("Δw per pairing at %g mM, mV:", mg)
		for _, x := range dw {
			fmt.Printf(" %+.2f", x)
		}
		fmt.Println()
	}
	// Output:
	// held depolarisation, mV: [0 5 10 15 20 25 30 40]
	// Δw per pairing at 0 mM, mV: +0.34 +0.34 +0.34 +0.34 +0.34 +0.34 +0.34 +0.34
	// Δw per pairing at 1 mM, mV: -0.13 -0.01 +0.12 +0.22 +0.28 +0.31 +0.32 +0.34
	// Δw per pairing at 3 mM, mV: -0.27 -0.21 -0.11 +0.01 +0.14 +0.24 +0.29 +0.32
}
