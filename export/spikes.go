package export

import (
	"bufio"
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
)

// WriteSpikesCSV writes spikes in Engram's spikes.csv format: one row per
// spike, t_ms,population,cell, populations in order, times to the
// precision of the step dtMs.
func WriteSpikesCSV(path string, pops []Spikes, dtMs float64) error {
	prec := max(1, int(math.Ceil(-math.Log10(dtMs)-1e-9)))
	return writeText(path, "t_ms,population,cell", func(w *bufio.Writer) {
		var b []byte
		for _, p := range pops {
			for k, t := range p.TMs {
				b = strconv.AppendFloat(b[:0], t, 'f', prec, 64)
				b = append(b, ',')
				b = append(b, p.Population...)
				b = append(b, ',')
				b = strconv.AppendInt(b, int64(p.Cells[k]), 10)
				b = append(b, '\n')
				w.Write(b)
			}
		}
	})
}

// ReadSpikesCSV reads a spikes.csv file (t_ms,population,cell) into one
// Spikes per population, in order of first appearance.
func ReadSpikesCSV(path string) ([]Spikes, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReader(f))
	r.FieldsPerRecord = 3
	r.ReuseRecord = true
	head, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if head[0] != "t_ms" || head[1] != "population" || head[2] != "cell" {
		return nil, fmt.Errorf("%s: header %q, want t_ms,population,cell", path, head)
	}
	var out []Spikes
	idx := map[string]int{}
	for line := 2; ; line++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		t, err1 := strconv.ParseFloat(rec[0], 64)
		c, err2 := strconv.ParseInt(rec[2], 10, 32)
		if err1 != nil || err2 != nil || c < 0 {
			return nil, fmt.Errorf("%s line %d: %q is not t_ms,population,cell", path, line, rec)
		}
		k, ok := idx[rec[1]]
		if !ok {
			k = len(out)
			idx[rec[1]] = k
			out = append(out, Spikes{Population: rec[1]})
		}
		out[k].TMs = append(out[k].TMs, t)
		out[k].Cells = append(out[k].Cells, int32(c))
	}
}

// WriteLFPCSV writes LFP proxies: t_ms (the end of each interval),
// population, lfp_pA (the interval's mean).
func WriteLFPCSV(path string, lfps []LFP) error {
	ss := make([]series, len(lfps))
	for i, l := range lfps {
		ss[i] = series{l.Population, l.DtMs, l.PA}
	}
	return writeSeriesCSV(path, "t_ms,population,lfp_pA", ss, 1, 10)
}

// ReadLFPCSV reads an lfp.csv file (t_ms,population,lfp_pA), samples in
// order, into one LFP per population; the sampling interval is taken from
// the first two samples.
func ReadLFPCSV(path string) ([]LFP, error) {
	ss, err := readSeriesCSV(path, "t_ms,population,lfp_pA")
	if err != nil {
		return nil, err
	}
	out := make([]LFP, len(ss))
	for i, s := range ss {
		out[i] = LFP{Population: s.name, DtMs: s.dtMs, PA: s.x}
	}
	return out, nil
}

// sortIdx orders idx (indices into s) by time, then cell.
func sortIdx(idx []int, s Spikes) {
	slices.SortStableFunc(idx, func(a, b int) int {
		if c := cmp.Compare(s.TMs[a], s.TMs[b]); c != 0 {
			return c
		}
		return cmp.Compare(s.Cells[a], s.Cells[b])
	})
}
