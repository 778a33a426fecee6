package ann

// The AVX2 kernels of attention_amd64.s; attention.go calls them through
// the helpers of attention_kernels.go when haveGemmKernels is set.

//go:noescape
func attnScores(n4 int, dh int, q *float64, kT *float64, ldk int, out *float64)

//go:noescape
func attnWeighted32(n int, p *float64, v *float64, ldv int, o *float64)

//go:noescape
func attnWeighted16(n int, p *float64, v *float64, ldv int, o *float64)

//go:noescape
func attnWeighted4(n int, p *float64, v *float64, ldv int, o *float64)

//go:noescape
func attnAxpyRows32(n int, p *float64, x *float64, y *float64, ldy int)

//go:noescape
func attnAxpyRows16(n int, p *float64, x *float64, y *float64, ldy int)

//go:noescape
func attnAxpyRows4(n int, p *float64, x *float64, y *float64, ldy int)
