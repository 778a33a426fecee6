package export

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
)

// series is one named, evenly sampled time series of a CSV file with the
// columns t_ms,NAME,VALUE (lfp.csv, release.csv): sample k at
// t = (k + first)·DtMs.
type series struct {
	name string
	dtMs float64
	x    []float64
}

// writeSeriesCSV writes ss under header, sample k of each at
// t = (k + first)·dt, values with prec significant digits.
func writeSeriesCSV(path, header string, ss []series, first, prec int) error {
	return writeText(path, header, func(w *bufio.Writer) {
		var b []byte
		for _, s := range ss {
			for k, x := range s.x {
				b = strconv.AppendFloat(b[:0], roundDt(float64(k+first)*s.dtMs, s.dtMs), 'f', -1, 64)
				b = append(b, ',')
				b = append(b, s.name...)
				b = append(b, ',')
				b = strconv.AppendFloat(b, x, 'g', prec, 64)
				b = append(b, '\n')
				w.Write(b)
			}
		}
	})
}

// readSeriesCSV reads a file written by writeSeriesCSV (columns named by
// cols in messages), samples of each name in order; each series' interval
// is the time between its first two samples.
func readSeriesCSV(path, cols string) ([]series, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReader(f))
	r.FieldsPerRecord = 3
	if _, err := r.Read(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var out []series
	var first []float64
	idx := map[string]int{}
	for line := 2; ; line++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		t, err1 := strconv.ParseFloat(rec[0], 64)
		x, err2 := strconv.ParseFloat(rec[2], 64)
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("%s line %d: %q is not %s", path, line, rec, cols)
		}
		k, ok := idx[rec[1]]
		if !ok {
			k = len(out)
			idx[rec[1]] = k
			out = append(out, series{name: rec[1]})
			first = append(first, t)
		}
		if len(out[k].x) == 1 {
			out[k].dtMs = t - first[k]
		}
		out[k].x = append(out[k].x, x)
	}
	return out, nil
}
