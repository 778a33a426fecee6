package scenarios

import (
	"image/color"
	"reflect"
	"testing"

	"engram/ann"
	"engram/brain"
	"engram/cortex"
	"engram/hippocampus"
	"engram/report"
	"engram/sim"
)

// liveTypes are the models that run: a result must not hold one.
var liveTypes = []reflect.Type{
	reflect.TypeFor[sim.Network](), reflect.TypeFor[sim.Group](), reflect.TypeFor[sim.Projection](),
	reflect.TypeFor[sim.SpikeRecorder](), reflect.TypeFor[sim.LFPRecorder](), reflect.TypeFor[sim.StateRecorder](),
	reflect.TypeFor[sim.COBA](), reflect.TypeFor[sim.Poisson](),
	reflect.TypeFor[hippocampus.Hippocampus](), reflect.TypeFor[cortex.Cortex](), reflect.TypeFor[cortex.Driver](),
	reflect.TypeFor[brain.Brain](), reflect.TypeFor[ann.Runner](), reflect.TypeFor[DayNight](),
}

// plainDataProblems lists what in type ty is not plain data: a live model
// (liveTypes), a colour (package image/color), a function or a channel.
func plainDataProblems(ty reflect.Type) []string {
	var out []string
	seen := map[reflect.Type]bool{}
	var walk func(ty reflect.Type, path string)
	walk = func(ty reflect.Type, path string) {
		if seen[ty] {
			return
		}
		seen[ty] = true
		for _, l := range liveTypes {
			if ty == l {
				out = append(out, path+" is a live "+ty.String())
				return
			}
		}
		if ty.PkgPath() == "image/color" {
			out = append(out, path+" is a colour ("+ty.String()+")")
			return
		}
		switch ty.Kind() {
		case reflect.Func, reflect.Chan:
			out = append(out, path+" is a "+ty.Kind().String())
		case reflect.Pointer, reflect.Slice, reflect.Array:
			walk(ty.Elem(), path+"[]")
		case reflect.Map:
			walk(ty.Key(), path+"{key}")
			walk(ty.Elem(), path+"{}")
		case reflect.Struct:
			for i := range ty.NumField() {
				walk(ty.Field(i).Type, path+"."+ty.Field(i).Name)
			}
		}
	}
	walk(ty, ty.String())
	return out
}

// TestResultsArePlainData: what the runs return and the outcomes write
// are recordings and numbers; no live model and no colour (colours are
// chosen where figures are drawn, in viz).
func TestResultsArePlainData(t *testing.T) {
	for _, ty := range []reflect.Type{
		reflect.TypeFor[Result](), reflect.TypeFor[cobaOutcome](), reflect.TypeFor[hippocampusOutcome](),
		reflect.TypeFor[pruningOutcome](), reflect.TypeFor[mgOutcome](), reflect.TypeFor[kimOutcome](),
		reflect.TypeFor[dayNightOutcome](), reflect.TypeFor[SweepResult](),
		reflect.TypeFor[report.DayNight](), reflect.TypeFor[hippocampus.Night](),
		reflect.TypeFor[brain.Result](), reflect.TypeFor[brain.LesionResult](), reflect.TypeFor[brain.ConsolidationResult](),
		reflect.TypeFor[brain.DeprivationResult](), reflect.TypeFor[brain.PruningResult](),
		reflect.TypeFor[cortex.PruningResult](), reflect.TypeFor[cortex.MgSweepResult](), reflect.TypeFor[cortex.DaysResult](),
		reflect.TypeFor[ann.Result](), reflect.TypeFor[ann.WalkResult](),
	} {
		for _, p := range plainDataProblems(ty) {
			t.Error(p)
		}
	}
	// The check finds a live model and a colour where they are.
	type bad struct {
		Net    *sim.Network
		Trains []struct{ C color.Color }
		Done   chan bool
	}
	if p := plainDataProblems(reflect.TypeFor[bad]()); len(p) != 3 {
		t.Errorf("a result holding a network, a colour and a channel: problems %q, want those 3", p)
	}
}
