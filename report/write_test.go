package report

import (
	"bytes"
	"strings"
	"testing"
)

// TestTemplatesShowOneModel renders the Markdown and HTML reports from the
// same view: the same rows and figures in both, text escaped for HTML and
// left as written in Markdown, the interrupted-run notice only when the
// run is incomplete.
func TestTemplatesShowOneModel(t *testing.T) {
	v := view{Name: "n<1>", Description: "a & b", Complete: false, DaysDone: 2, Seed: 7, Days: 5, EpisodesPerDay: 1, EpisodeLen: 5,
		Chance: "0.15", Table: []TableRow{{Dimension: "energy", Brain: "1e+03 spikes <x>", ANN: "it's"}},
		Figures: []figure{{Stem: "summary", Caption: "Brain & AI", Data: "data:image/png;base64,AAAA"}}}
	var md, html bytes.Buffer
	if err := markdown.Execute(&md, v); err != nil {
		t.Fatal(err)
	}
	if err := page.Execute(&html, v); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"# n<1>\n\na & b\n", "**This run was interrupted: it holds the 2 days that finished.**",
		"Seed 7; 5 days of 1 episode(s) of 5 items; chance recall 0.15.", "| energy | 1e+03 spikes <x> | it's |", "![summary](summary.png)\n\nBrain & AI\n"} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("report.md lacks %q:\n%s", want, md.String())
		}
	}
	for _, want := range []string{"<title>n&lt;1&gt;</title>", "<p>a &amp; b</p>", "holds the 2 days that finished",
		"<td>1e&#43;03 spikes &lt;x&gt;</td><td>it&#39;s</td>", `src="data:image/png;base64,AAAA"`, "<figcaption>Brain &amp; AI</figcaption>"} {
		if !strings.Contains(html.String(), want) {
			t.Errorf("report.html lacks %q:\n%s", want, html.String())
		}
	}
	v.Complete, v.Table = true, nil
	md.Reset()
	markdown.Execute(&md, v)
	if strings.Contains(md.String(), "interrupted") || !strings.Contains(md.String(), "runs the Transformer alone") {
		t.Errorf("a complete run without a brain:\n%s", md.String())
	}
}
