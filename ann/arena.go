package ann

import "math"

// arena hands out the float64 buffers of a forward and backward pass from
// memory kept from one training step to the next, so that a step neither
// allocates nor has the runtime zero its activations. Buffers are not
// zeroed: every user writes all of its buffer before reading it, or clears
// it (backward clears the two it adds into). A nil *arena allocates.
type arena struct {
	buf  []float64
	at   int
	want int // floats asked for since the last reset
}

// arenaPoison, set by tests, fills an arena with NaN at every reset, so
// that a buffer read before it is written shows up in the results.
var arenaPoison = false

// take returns a buffer of n floats with arbitrary contents.
func (ar *arena) take(n int) []float64 {
	if ar == nil {
		return make([]float64, n)
	}
	ar.want += n
	if ar.at+n > len(ar.buf) {
		return make([]float64, n) // too small this time; reset grows it
	}
	s := ar.buf[ar.at : ar.at+n : ar.at+n]
	ar.at += n
	return s
}

// reset makes all of the arena's memory available again (the buffers
// handed out before must no longer be used), grown to what the last pass
// asked for.
func (ar *arena) reset() {
	if ar.want > len(ar.buf) {
		ar.buf = make([]float64, ar.want)
	}
	ar.at, ar.want = 0, 0
	if arenaPoison {
		for i := range ar.buf {
			ar.buf[i] = math.NaN()
		}
	}
}
