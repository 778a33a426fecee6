package ann

import "math"

// lnEps is the ε of layer normalisation, added to the variance.
const lnEps = 1e-5

// lnCache holds what the backward pass of a layer norm needs.
type lnCache struct {
	xhat []float64 // normalised input, N×d
	rstd []float64 // 1/√(σ²+ε) per row, N
	out  []float64 // γ⊙x̂ + b, N×d
}

func newLNCache(n, d int) lnCache {
	return lnCache{xhat: make([]float64, n*d), rstd: make([]float64, n), out: make([]float64, n*d)}
}

// layerNormForward normalises each row of x (N rows of width d) as in Ba,
// Kiros & Hinton (2016), "Layer normalization":
//
//	μ = (1/d)·Σᵢ xᵢ,  σ² = (1/d)·Σᵢ (xᵢ − μ)²,
//	x̂ᵢ = (xᵢ − μ)/√(σ² + ε),  yᵢ = γᵢ·x̂ᵢ + bᵢ,
//
// writing x̂, 1/√(σ²+ε) and y into c. It returns the FLOPs done.
func layerNormForward(x, gamma, beta []float64, d int, c lnCache) int64 {
	n := len(x) / d
	for r := 0; r < n; r++ {
		row := x[r*d : (r+1)*d]
		mu := 0.0
		for _, v := range row {
			mu += v
		}
		mu /= float64(d)
		vr := 0.0
		for _, v := range row {
			dv := v - mu
			vr += dv * dv
		}
		vr /= float64(d)
		rs := 1 / math.Sqrt(vr+lnEps)
		c.rstd[r] = rs
		xh := c.xhat[r*d : (r+1)*d]
		y := c.out[r*d : (r+1)*d]
		for i, v := range row {
			h := (v - mu) * rs
			xh[i] = h
			y[i] = gamma[i]*h + beta[i]
		}
	}
	// per row: d adds + 1 divide (mean); 3d + 1 (variance); 3 (rstd);
	// 4d (normalise, scale, shift).
	return int64(n) * int64(8*d+5)
}

// layerNormBackward adds to dx the gradient with respect to the input of
// the layer norm whose forward pass filled c, given dy, and accumulates the
// parameter gradients into dgamma and dbeta:
//
//	dγᵢ += Σ_rows dyᵢ·x̂ᵢ,  dbᵢ += Σ_rows dyᵢ,
//	g = dy⊙γ,  dxᵢ += (1/√(σ²+ε))·(gᵢ − mean(g) − x̂ᵢ·mean(g⊙x̂)).
//
// It returns the FLOPs done.
func layerNormBackward(dy, gamma []float64, d int, c lnCache, dx, dgamma, dbeta []float64) int64 {
	n := len(dy) / d
	for r := 0; r < n; r++ {
		dyr := dy[r*d : (r+1)*d]
		xh := c.xhat[r*d : (r+1)*d]
		dxr := dx[r*d : (r+1)*d]
		mg, mgx := 0.0, 0.0
		for i, v := range dyr {
			dgamma[i] += v * xh[i]
			dbeta[i] += v
			g := v * gamma[i]
			mg += g
			mgx += g * xh[i]
		}
		mg /= float64(d)
		mgx /= float64(d)
		rs := c.rstd[r]
		for i, v := range dyr {
			dxr[i] += rs * (v*gamma[i] - mg - xh[i]*mgx)
		}
	}
	// per row: 7d (parameter gradients, g, sums) + 2 divides + 6d (dx).
	return int64(n) * int64(13*d+2)
}

// newLNCacheIn is newLNCache with the buffers taken from ar (nil:
// allocated); layerNormForward overwrites all of them.
func newLNCacheIn(ar *arena, n, d int) lnCache {
	return lnCache{xhat: ar.take(n * d), rstd: ar.take(n), out: ar.take(n * d)}
}
