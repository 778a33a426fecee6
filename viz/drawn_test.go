package viz

import (
	"bytes"
	"os"
	"testing"
)

// drawn draws a figure with draw into stem, checks that the PNG and SVG
// are there and not empty, draws it again and requires the same PNG bytes:
// a figure depends only on the data it is given.
func drawn(t *testing.T, stem string, draw func(stem string) error) {
	t.Helper()
	if err := draw(stem); err != nil {
		t.Fatalf("%s: %v", stem, err)
	}
	for _, ext := range []string{".png", ".svg"} {
		st, err := os.Stat(stem + ext)
		if err != nil {
			t.Fatal(err)
		}
		if st.Size() < 1000 {
			t.Fatalf("%s%s has only %d bytes", stem, ext, st.Size())
		}
	}
	again := stem + "-again"
	if err := draw(again); err != nil {
		t.Fatal(err)
	}
	a, _ := os.ReadFile(stem + ".png")
	b, _ := os.ReadFile(again + ".png")
	if !bytes.Equal(a, b) {
		t.Errorf("%s: the same data drew two different PNGs", stem)
	}
	os.Remove(again + ".png")
	os.Remove(again + ".svg")
}
