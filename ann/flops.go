package ann

// Energy per floating-point operation used to turn a FLOP count into joules.
// The ANN runs here in float64 on a CPU; these constants say what the same
// count of operations would cost on the hardware that trains today's models.
const (
	// JoulesPerFLOPH100 is the energy of one FLOP on an NVIDIA H100 SXM at
	// its dense FP16 tensor-core peak: 700 W board power / 989.4e12 FLOP/s
	// ≈ 0.71 pJ (NVIDIA H100 Tensor Core GPU datasheet, 2022: 700 W TDP,
	// 1,979 TFLOPS FP16 with 2:4 sparsity, half of that dense). It is a
	// lower bound: real training runs well below peak.
	JoulesPerFLOPH100 = 700.0 / 989.4e12

	// JoulesPerFLOPGPT3 is the end-to-end energy per FLOP of training
	// GPT-3: GPT3TrainingJoules for 3.14e23 FLOP (Brown et al. 2020,
	// "Language models are few-shot learners", Table D.1) ≈ 14.8 pJ/FLOP.
	// It includes datacentre overheads and utilisation far below peak.
	JoulesPerFLOPGPT3 = GPT3TrainingJoules / 3.14e23

	// GPT3TrainingJoules is the energy of training GPT-3: 1,287 MWh
	// (Patterson et al. 2021, "Carbon emissions and large neural network
	// training", arXiv:2104.10350, Table 4) = 4.63e12 J.
	GPT3TrainingJoules = 1287e6 * 3600
)

// Meter counts floating-point operations (FLOPs) as they are executed.
//
// Every kernel of the package returns the number of operations it
// performed and its caller adds that to the meter, so the count is that of
// the work actually done (padding, recomputation and inference included),
// not a formula for an idealised model. A multiply-add counts as 2 FLOPs;
// an add, multiply, divide, exp, log or square root counts as 1. Copies,
// comparisons and index arithmetic are not counted.
type Meter struct {
	// Forward counts the FLOPs of forward passes, for training and for
	// generating recalled items, and of retrieval (ModeRAG's keys and
	// similarities).
	Forward int64
	// Backward counts the FLOPs of backward passes (gradients).
	Backward int64
	// Update counts the FLOPs of gradient clipping and Adam updates.
	Update int64
}

// Total returns Forward + Backward + Update.
func (m Meter) Total() int64 { return m.Forward + m.Backward + m.Update }

// Energy returns the energy in joules of Total() FLOPs at joulesPerFLOP,
// for example JoulesPerFLOPH100 or JoulesPerFLOPGPT3.
func (m Meter) Energy(joulesPerFLOP float64) float64 {
	return float64(m.Total()) * joulesPerFLOP
}

// Add returns the element-wise sum of m and o.
func (m Meter) Add(o Meter) Meter {
	return Meter{Forward: m.Forward + o.Forward, Backward: m.Backward + o.Backward, Update: m.Update + o.Update}
}
