package export

import (
	"bufio"
	"embed"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
)

// files are the scripts and mechanisms written beside every export.
//
//go:embed files/run.py files/sonata.py files/engram_cell.mod files/engram_release.mod files/nrnmech.sh files/README.md
var files embed.FS

// Write writes the export into the empty folder dir: network.json, the
// populations' initial states, one connection file per projection in
// PyNN's FromFileConnector format, the input spikes, Engram's reference
// spikes, LFP and release factors of the window (engram/), and run.py
// with its mechanisms.
func Write(dir string, net *Network) error {
	for _, sub := range []string{"populations", "connections", "inputs", "engram"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return err
		}
	}
	for _, name := range []string{"run.py", "sonata.py", "engram_cell.mod", "engram_release.mod", "nrnmech.sh", "README.md"} {
		b, err := files.ReadFile("files/" + name)
		if err != nil {
			return err
		}
		mode := os.FileMode(0o644)
		if filepath.Ext(name) == ".py" || filepath.Ext(name) == ".sh" {
			mode = 0o755
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, mode); err != nil {
			return err
		}
	}
	for _, p := range net.Populations {
		if err := writeInitial(filepath.Join(dir, p.InitialFile), p); err != nil {
			return err
		}
	}
	for _, pr := range net.Projections {
		if err := writeConnections(filepath.Join(dir, pr.File), pr); err != nil {
			return err
		}
		if d := pr.Depression; d != nil {
			err := writeRows(filepath.Join(dir, d.StateFile), "cell,x,tlast_ms", len(d.X), func(b []byte, i int) []byte {
				b = strconv.AppendInt(b, int64(i), 10)
				b = append(b, ',')
				b = strconv.AppendFloat(b, d.X[i], 'g', 17, 64)
				b = append(b, ',')
				return strconv.AppendFloat(b, d.LastMs[i], 'g', -1, 64)
			})
			if err != nil {
				return err
			}
		}
	}
	for k := range net.Sources {
		s := &net.Sources[k]
		for _, in := range net.Inputs {
			if in.Population == s.Name {
				s.Spikes = len(in.TMs)
				if err := writeSourceSpikes(filepath.Join(dir, s.SpikesFile), in.TMs, in.Cells); err != nil {
					return err
				}
			}
		}
	}
	for k := range net.Backgrounds {
		b := &net.Backgrounds[k]
		b.Spikes = len(b.TMs)
		if err := writeSourceSpikes(filepath.Join(dir, b.File), b.TMs, b.Cells); err != nil {
			return err
		}
	}
	if err := WriteSpikesCSV(filepath.Join(dir, "engram", "spikes.csv"), net.EngramSpikes, net.DtMs); err != nil {
		return err
	}
	if err := WriteLFPCSV(filepath.Join(dir, "engram", "lfp.csv"), net.EngramLFP); err != nil {
		return err
	}
	if len(net.EngramRelease) > 0 {
		if err := WriteReleaseCSV(filepath.Join(dir, "engram", "release.csv"), net.EngramRelease); err != nil {
			return err
		}
	}
	b, err := json.MarshalIndent(net, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "network.json"), append(b, '\n'), 0o644)
}

// writeText creates the text file path: a header line, then what body
// writes. Every file the export writes line by line goes through it.
func writeText(path, header string, body func(w *bufio.Writer)) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	w.WriteString(header + "\n")
	body(w)
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// writeRows writes a CSV file of header and n rows made by row.
func writeRows(path, header string, n int, row func(b []byte, i int) []byte) error {
	return writeText(path, header, func(w *bufio.Writer) {
		var b []byte
		for i := 0; i < n; i++ {
			b = append(row(b[:0], i), '\n')
			w.Write(b)
		}
	})
}

// writeInitial writes each cell's state: V (mV), w (nA), refractory time
// left (ms), external current (nA) and both components of every receptor
// (µS or nA), as PyNN and NEURON take them.
func writeInitial(path string, p Population) error {
	header := "cell,v_mV,w_nA,refractory_ms,iext_nA"
	for _, r := range p.Receptors {
		header += fmt.Sprintf(",%s_decay,%s_rise", stem(r.Name), stem(r.Name))
	}
	return writeRows(path, header, p.Size, func(b []byte, i int) []byte {
		st := p.Initial[i]
		b = strconv.AppendInt(b, int64(i), 10)
		for _, x := range append([]float64{st.VMV, st.WPA / 1000, st.RefractoryMs, st.IextPA / 1000}, scale(flatten(st.Receptors), 1e-3)...) {
			b = append(b, ',')
			b = strconv.AppendFloat(b, x, 'g', 17, 64)
		}
		return b
	})
}

func scale(x []float64, f float64) []float64 {
	for i := range x {
		x[i] *= f
	}
	return x
}

// writeConnections writes a projection in PyNN's FromFileConnector text
// format: a header naming the columns, then one tab-separated line per
// synapse, i (presynaptic index), j (postsynaptic index), weight (µS or
// nA) and delay (ms).
func writeConnections(path string, pr Projection) error {
	delay := strconv.FormatFloat(pr.DelayMs, 'g', -1, 64)
	return writeRows(path, `# columns = ["i", "j", "weight", "delay"]`, len(pr.I), func(b []byte, k int) []byte {
		b = strconv.AppendInt(b, int64(pr.I[k]), 10)
		b = append(b, '\t')
		b = strconv.AppendInt(b, int64(pr.J[k]), 10)
		b = append(b, '\t')
		b = strconv.AppendFloat(b, pr.W[k], 'g', 9, 64)
		b = append(b, '\t')
		return append(b, delay...)
	})
}

// writeSourceSpikes writes spike times of sources, ordered by time then
// cell: t_ms,cell.
func writeSourceSpikes(path string, tMs []float64, cells []int32) error {
	idx := make([]int, len(tMs))
	for i := range idx {
		idx[i] = i
	}
	sortIdx(idx, Spikes{TMs: tMs, Cells: cells})
	return writeRows(path, "t_ms,cell", len(idx), func(b []byte, k int) []byte {
		i := idx[k]
		b = strconv.AppendFloat(b, tMs[i], 'g', -1, 64)
		b = append(b, ',')
		return strconv.AppendInt(b, int64(cells[i]), 10)
	})
}

// SonataScript returns sonata.py, which converts between Engram's
// spikes.csv and SONATA HDF5 spike files (through Python's h5py).
func SonataScript() []byte {
	b, _ := files.ReadFile("files/sonata.py")
	return b
}
