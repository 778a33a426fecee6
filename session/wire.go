package session

import (
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"fmt"
	"math"
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
	// The bulk of a snapshot, packed little-endian (gob would spend a
	// field header on each value): S.Raster.Spikes, each region's
	// LastSpikeMs and S.LFP.Raw.
	Spikes, LFPRaw []byte
	LastSpike      [][]byte
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
	if !w.SameRaster {
		w.Spikes = packSpikes(c.Raster.Spikes)
		c.Raster.Spikes = nil
	}
	w.LFPRaw, c.LFP.Raw = packFloats(c.LFP.Raw), nil
	regions := make([]Region, len(c.Regions))
	for k, r := range c.Regions {
		w.LastSpike = append(w.LastSpike, packFloats(r.LastSpikeMs))
		regions[k] = r
		regions[k].LastSpikeMs = nil
	}
	c.Regions = regions
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
	var err error
	if sn.Raster.Spikes, err = unpackSpikes(w.Spikes); err != nil {
		return nil, err
	}
	if sn.LFP.Raw, err = unpackFloats(w.LFPRaw); err != nil {
		return nil, err
	}
	if len(w.LastSpike) != len(sn.Regions) {
		return nil, fmt.Errorf("decode snapshot: %d regions, %d spike times", len(sn.Regions), len(w.LastSpike))
	}
	for k := range sn.Regions {
		if sn.Regions[k].LastSpikeMs, err = unpackFloats(w.LastSpike[k]); err != nil {
			return nil, err
		}
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

// spikeBytes is the size of a packed RasterSpike.
const spikeBytes = 9

// packSpikes packs spikes little-endian: time, row, cell, position.
func packSpikes(spikes []RasterSpike) []byte {
	b := make([]byte, 0, spikeBytes*len(spikes))
	for _, sp := range spikes {
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(sp.TMs))
		b = binary.LittleEndian.AppendUint16(b, uint16(sp.Row))
		b = binary.LittleEndian.AppendUint16(b, uint16(sp.Cell))
		b = append(b, byte(sp.Position))
	}
	return b
}

func unpackSpikes(b []byte) ([]RasterSpike, error) {
	if len(b)%spikeBytes != 0 {
		return nil, fmt.Errorf("decode snapshot: %d bytes of spikes, not a multiple of %d", len(b), spikeBytes)
	}
	if len(b) == 0 {
		return nil, nil
	}
	out := make([]RasterSpike, len(b)/spikeBytes)
	for i := range out {
		p := b[i*spikeBytes:]
		out[i] = RasterSpike{TMs: math.Float32frombits(binary.LittleEndian.Uint32(p)),
			Row: int16(binary.LittleEndian.Uint16(p[4:])), Cell: int16(binary.LittleEndian.Uint16(p[6:])), Position: int8(p[8])}
	}
	return out, nil
}

// packFloats packs x little-endian.
func packFloats(x []float32) []byte {
	b := make([]byte, 0, 4*len(x))
	for _, v := range x {
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(v))
	}
	return b
}

func unpackFloats(b []byte) ([]float32, error) {
	if len(b)%4 != 0 {
		return nil, fmt.Errorf("decode snapshot: %d bytes of float32 values", len(b))
	}
	if len(b) == 0 {
		return nil, nil
	}
	out := make([]float32, len(b)/4)
	for i := range out {
		out[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return out, nil
}
