package ann

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sync"
)

// checkpointMagic opens every checkpoint file.
const checkpointMagic = "ENGRAM-ANN-CHECKPOINT 1\n"

// checkpointHeader is the JSON line that follows the magic.
type checkpointHeader struct {
	Recipe Recipe    `json:"recipe"`
	Params int       `json:"params"`
	FLOPs  Meter     `json:"flops"`
	Loss   []float64 `json:"loss"`
}

// MarshalBinary encodes c as the checkpoint file format: the line
// "ENGRAM-ANN-CHECKPOINT 1", a JSON line with the recipe, the parameter
// count, the FLOP meter and the loss curve, then the parameters as
// little-endian IEEE-754 float64 in the model's fixed order. The encoding
// is a function of c alone (byte for byte).
func (c *Checkpoint) MarshalBinary() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(checkpointMagic)
	h := checkpointHeader{Recipe: c.Recipe, Params: c.model.numParams(), FLOPs: c.FLOPs, Loss: c.Loss}
	js, err := json.Marshal(h)
	if err != nil {
		return nil, fmt.Errorf("ann: encoding checkpoint header: %w", err)
	}
	buf.Write(js)
	buf.WriteByte('\n')
	b := make([]byte, 8*len(c.model.theta))
	for i, v := range c.model.theta {
		binary.LittleEndian.PutUint64(b[8*i:], math.Float64bits(v))
	}
	buf.Write(b)
	return buf.Bytes(), nil
}

// UnmarshalCheckpoint decodes a checkpoint written by MarshalBinary. It
// checks the recipe and that the parameter count matches the shape.
func UnmarshalCheckpoint(data []byte) (*Checkpoint, error) {
	if !bytes.HasPrefix(data, []byte(checkpointMagic)) {
		return nil, errors.New("ann: not a checkpoint (bad magic line)")
	}
	data = data[len(checkpointMagic):]
	nl := bytes.IndexByte(data, '\n')
	if nl < 0 {
		return nil, errors.New("ann: checkpoint header is not terminated")
	}
	var h checkpointHeader
	if err := json.Unmarshal(data[:nl], &h); err != nil {
		return nil, fmt.Errorf("ann: checkpoint header: %w", err)
	}
	p := DefaultParams()
	r := h.Recipe
	p.Layers, p.Heads, p.DModel, p.DFF, p.Context, p.Vocab = r.Layers, r.Heads, r.DModel, r.DFF, r.Context, r.Vocab
	p.Alpha, p.Beta, p.Clip, p.Pretrain = r.Alpha, r.Beta, r.Clip, r.Pretrain
	if err := p.Validate(); err != nil {
		return nil, fmt.Errorf("ann: checkpoint recipe: %w", err)
	}
	m := newModel(p.arch())
	body := data[nl+1:]
	if h.Params != m.numParams() || len(body) != 8*m.numParams() {
		return nil, fmt.Errorf("ann: checkpoint holds %d parameters (%d bytes), its recipe needs %d",
			h.Params, len(body), m.numParams())
	}
	for i := range m.theta {
		m.theta[i] = math.Float64frombits(binary.LittleEndian.Uint64(body[8*i:]))
	}
	return &Checkpoint{Recipe: h.Recipe, Loss: h.Loss, FLOPs: h.FLOPs, model: m}, nil
}

// pretrainedFile is the checkpoint of DefaultParams().Recipe(), made by
// the command below (deterministic: a test checks that it reproduces the
// file byte for byte).
//
//go:generate go run ./cmd/pretrain -o pretrained.bin
//go:embed pretrained.bin
var pretrainedFile []byte

// EmbeddedCheckpoint returns the pre-trained model shipped with the
// package, the result of Pretrain(DefaultParams(), nil).
func EmbeddedCheckpoint() (*Checkpoint, error) {
	return UnmarshalCheckpoint(pretrainedFile)
}

// pretrained caches the checkpoints made or loaded in this process, by
// recipe, so that the runs of a sweep pre-train once.
var pretrained struct {
	sync.Mutex
	byRecipe map[Recipe]*pretrainEntry
}

type pretrainEntry struct {
	once   sync.Once
	ck     *Checkpoint
	source string
	err    error
}

// Sources of a run's starting weights (Result.PretrainSource).
const (
	SourceEmbedded = "embedded" // the checkpoint shipped with the package
	SourceComputed = "computed" // pre-trained in this process
	SourceNone     = "none"     // random weights, no pre-training
)

// Prepare makes sure the pre-trained model of p's recipe is available to
// the runs of this process, and returns where it comes from (SourceEmbedded
// or SourceComputed; SourceNone when p.Pretrain.Steps = 0). A recipe other
// than DefaultParams' is pre-trained here, once per process (about a
// minute for the default size on one core); progress, if not nil, is then
// called after every step. NewRunner calls it without progress; a program
// that wants to show progress calls it first.
func Prepare(p Params, progress func(step int, loss float64)) (string, error) {
	return PrepareContext(context.Background(), p, progress)
}

// PrepareContext is Prepare that stops a pre-training in progress when ctx
// is done, returning ctx's error; a later call pre-trains again.
func PrepareContext(ctx context.Context, p Params, progress func(step int, loss float64)) (string, error) {
	if err := p.Validate(); err != nil {
		return "", err
	}
	if p.Pretrain.Steps == 0 {
		return SourceNone, nil
	}
	_, src, err := checkpointFor(ctx, p, progress)
	return src, err
}

// checkpointFor returns the pre-trained model of p's recipe: the embedded
// checkpoint if its recipe is p's, otherwise the result of Pretrain, made
// once per process (a pre-training stopped by ctx is forgotten, so that
// the next call makes it).
func checkpointFor(ctx context.Context, p Params, progress func(step int, loss float64)) (*Checkpoint, string, error) {
	r := p.Recipe()
	pretrained.Lock()
	if pretrained.byRecipe == nil {
		pretrained.byRecipe = map[Recipe]*pretrainEntry{}
	}
	e := pretrained.byRecipe[r]
	if e == nil {
		e = &pretrainEntry{}
		pretrained.byRecipe[r] = e
	}
	pretrained.Unlock()
	e.once.Do(func() {
		if ck, err := EmbeddedCheckpoint(); err == nil && ck.Recipe == r {
			e.ck, e.source = ck, SourceEmbedded
			return
		}
		e.ck, e.err = PretrainContext(ctx, p, progress)
		e.source = SourceComputed
	})
	if e.err != nil && (errors.Is(e.err, context.Canceled) || errors.Is(e.err, context.DeadlineExceeded)) {
		pretrained.Lock()
		if pretrained.byRecipe[r] == e {
			delete(pretrained.byRecipe, r)
		}
		pretrained.Unlock()
	}
	return e.ck, e.source, e.err
}
