//go:build !amd64

package ann

func attnScores(n4 int, dh int, q *float64, kT *float64, ldk int, out *float64) {
	panic("ann: no attention kernels")
}

func attnWeighted32(n int, p *float64, v *float64, ldv int, o *float64) {
	panic("ann: no attention kernels")
}

func attnWeighted16(n int, p *float64, v *float64, ldv int, o *float64) {
	panic("ann: no attention kernels")
}

func attnWeighted4(n int, p *float64, v *float64, ldv int, o *float64) {
	panic("ann: no attention kernels")
}

func attnAxpyRows32(n int, p *float64, x *float64, y *float64, ldy int) {
	panic("ann: no attention kernels")
}

func attnAxpyRows16(n int, p *float64, x *float64, y *float64, ldy int) {
	panic("ann: no attention kernels")
}

func attnAxpyRows4(n int, p *float64, x *float64, y *float64, ldy int) {
	panic("ann: no attention kernels")
}
