package session

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"slices"

	"engram/ann"
)

// SnapshotEncoder turns snapshots into a stream of messages for a viewer
// that runs apart from the Session (a browser page whose Session steps in
// a Web Worker). What did not change since the stream's previous snapshot
// — the layout, the days done, the Transformer's side, the map's item
// positions — is not sent again. A SnapshotDecoder reads the messages
// back, in the order they were made.
type SnapshotEncoder struct {
	buf  bytes.Buffer
	enc  *gob.Encoder
	prev *Snapshot
}

// SnapshotDecoder reads the messages of one SnapshotEncoder.
type SnapshotDecoder struct {
	buf  bytes.Buffer
	dec  *gob.Decoder
	prev *Snapshot
}

// wireSnapshot is one message: a snapshot with the parts equal to the
// previous one's left out, and flags saying which.
type wireSnapshot struct {
	S                                     *Snapshot
	SameLayout, SameBrain, SameANN        bool
	SameReplay, SamePositions, SameRaster bool
	// NoAttention lists the modes of S.ANN without an attention map (gob
	// cannot send a nil element of a slice).
	NoAttention []int
}

// NewSnapshotEncoder starts a stream.
func NewSnapshotEncoder() *SnapshotEncoder {
	e := &SnapshotEncoder{}
	e.enc = gob.NewEncoder(&e.buf)
	return e
}

// NewSnapshotDecoder starts reading a stream.
func NewSnapshotDecoder() *SnapshotDecoder {
	d := &SnapshotDecoder{}
	d.dec = gob.NewDecoder(&d.buf)
	return d
}

// Encode returns the message of sn; it is valid until the next Encode.
func (e *SnapshotEncoder) Encode(sn *Snapshot) ([]byte, error) {
	c := *sn
	w := wireSnapshot{S: &c}
	if p := e.prev; p != nil {
		if w.SameLayout = c.Layout == p.Layout; w.SameLayout {
			c.Layout = nil
		}
		// The days done only grow during a run.
		if w.SameBrain = len(c.Brain) == len(p.Brain); w.SameBrain {
			c.Brain = nil
		}
		if w.SameANN = c.ANN == p.ANN; w.SameANN {
			c.ANN = nil
		}
		if w.SameReplay = c.Replay == p.Replay; w.SameReplay {
			c.Replay = nil
		}
		if w.SamePositions = samePositions(c.Regions, p.Regions); w.SamePositions {
			c.Regions = make([]Region, len(sn.Regions))
			for k, r := range sn.Regions {
				c.Regions[k] = Region{Name: r.Name, LastSpikeMs: r.LastSpikeMs}
			}
		}
		// A paused session publishes the same raster again.
		if w.SameRaster = c.Raster.T1Ms == p.Raster.T1Ms && len(c.Raster.Spikes) == len(p.Raster.Spikes); w.SameRaster {
			c.Raster = Raster{}
		}
	}
	if v := c.ANN; v != nil && slices.Contains(v.Attention, nil) {
		a := *v
		a.Attention = slices.Clone(v.Attention)
		for m, att := range a.Attention {
			if att == nil {
				a.Attention[m] = &ann.AttentionMap{}
				w.NoAttention = append(w.NoAttention, m)
			}
		}
		c.ANN = &a
	}
	e.buf.Reset()
	if err := e.enc.Encode(&w); err != nil {
		return nil, fmt.Errorf("encode snapshot: %w", err)
	}
	e.prev = sn
	return e.buf.Bytes(), nil
}

// samePositions reports whether two snapshots' regions share their
// Position slices (a Session shares them between its snapshots).
func samePositions(a, b []Region) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if len(a[k].Position) != len(b[k].Position) ||
			len(a[k].Position) > 0 && &a[k].Position[0] != &b[k].Position[0] {
			return false
		}
	}
	return true
}

// Decode reads the next message of the stream. The ripple band of the
// decoded LFP (LFP.Ripple) is filtered from its float32 Raw window, so it
// differs from the sender's by rounding only.
func (d *SnapshotDecoder) Decode(msg []byte) (*Snapshot, error) {
	d.buf.Reset()
	d.buf.Write(msg)
	var w wireSnapshot
	if err := d.dec.Decode(&w); err != nil {
		return nil, fmt.Errorf("decode snapshot: %w", err)
	}
	sn := w.S
	if sn == nil {
		return nil, fmt.Errorf("decode snapshot: empty message")
	}
	if v := sn.ANN; v != nil {
		for _, m := range w.NoAttention {
			if m < 0 || m >= len(v.Attention) {
				return nil, fmt.Errorf("decode snapshot: no mode %d to leave without attention", m)
			}
			v.Attention[m] = nil
		}
	}
	if p := d.prev; p != nil {
		if w.SameLayout {
			sn.Layout = p.Layout
		}
		if w.SameBrain {
			sn.Brain = p.Brain
		}
		if w.SameANN {
			sn.ANN = p.ANN
		}
		if w.SameReplay {
			sn.Replay = p.Replay
		}
		if w.SamePositions && len(sn.Regions) == len(p.Regions) {
			for k := range sn.Regions {
				sn.Regions[k].Position = p.Regions[k].Position
			}
		}
		if w.SameRaster {
			sn.Raster = p.Raster
		}
	} else if w.SameLayout || w.SameBrain || w.SameANN || w.SameReplay || w.SamePositions || w.SameRaster {
		return nil, fmt.Errorf("decode snapshot: the message refers to a previous snapshot, and there is none")
	}
	if n := len(sn.LFP.Raw); n > 0 {
		raw := make([]float64, n)
		for i, v := range sn.LFP.Raw {
			raw[i] = float64(v)
		}
		sn.LFP.band = &rippleBand{raw: raw, dtMs: sn.LFP.DtMs}
	}
	d.prev = sn
	return sn, nil
}
