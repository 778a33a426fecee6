package ann

// embedForward writes x[r] = E[tok[r]] + P[pos[r]] for every row r: the
// token embedding plus the learned absolute position embedding (Vaswani et
// al. 2017, §3.4–3.5; learned as in GPT, Radford et al. 2018). E is V×d and
// P is Context×d, both row-major. It returns the FLOPs
// done, d per row.
func embedForward(tok, pos []int, emb, posEmb []float64, d int, x []float64) int64 {
	for r, t := range tok {
		e := emb[t*d : (t+1)*d]
		p := posEmb[pos[r]*d : (pos[r]+1)*d]
		xr := x[r*d : (r+1)*d]
		for i := range xr {
			xr[i] = e[i] + p[i]
		}
	}
	return int64(len(tok)) * int64(d)
}

// embedBackward accumulates the gradient dx of the embedded rows into the
// rows of the embedding tables that produced them: dE[tok[r]] += dx[r] and,
// if dPos is not nil (learned positions), dP[pos[r]] += dx[r]. It returns
// the FLOPs done, d per row and table.
func embedBackward(tok, pos []int, dx []float64, d int, dEmb, dPos []float64) int64 {
	for r, t := range tok {
		de := dEmb[t*d : (t+1)*d]
		g := dx[r*d : (r+1)*d]
		for i, v := range g {
			de[i] += v
		}
		if dPos != nil {
			dp := dPos[pos[r]*d : (pos[r]+1)*d]
			for i, v := range g {
				dp[i] += v
			}
		}
	}
	if dPos != nil {
		return 2 * int64(len(tok)) * int64(d)
	}
	return int64(len(tok)) * int64(d)
}

// placeForward adds the place embedding to every row: x[r] += G[place[r]],
// G being Places×d, row-major. It returns the FLOPs done, d per row.
func placeForward(place []int, g []float64, d int, x []float64) int64 {
	for r, p := range place {
		e := g[p*d : (p+1)*d]
		xr := x[r*d : (r+1)*d]
		for i, v := range e {
			xr[i] += v
		}
	}
	return int64(len(place)) * int64(d)
}

// placeBackward accumulates the gradient dx of the rows into the place
// embedding: dG[place[r]] += dx[r]. It returns the FLOPs done, d per row.
func placeBackward(place []int, dx []float64, d int, dg []float64) int64 {
	for r, p := range place {
		de := dg[p*d : (p+1)*d]
		for i, v := range dx[r*d : (r+1)*d] {
			de[i] += v
		}
	}
	return int64(len(place)) * int64(d)
}
