"""Spike statistics of a COBA run, one definition for both simulators.

The input is the raw spike arrays both sides write (see load).
"""

import numpy as np

NE, NI = 3200, 800


def load(t_path, i_path):
    """Returns spike times (ms, on the 0.1 ms grid) and cell indices (E
    0…3199, I 3200…) from raw little-endian arrays: float64 seconds and
    int32 indices, as Brian2's standalone binary and engramcoba write them."""
    t = np.fromfile(t_path, dtype="<f8")
    i = np.fromfile(i_path, dtype="<i4").astype(int)
    return np.round(t * 1e4) / 10, i


def summary(t, cell, dur_ms):
    """Mean rate over all cells (Hz); mean CV(ISI) of the E cells with at
    least 2 intervals (as sim.CVISI and V3); the fraction of E intervals
    shorter than 8 ms; the Fano factor of each cell's spike count in 100 ms
    windows, averaged over the cells that fired."""
    n = NE + NI
    rate = len(t) / n / (dur_ms / 1000)
    order = np.lexsort((t, cell))
    ts, cs = t[order], cell[order]
    same = cs[1:] == cs[:-1]
    isi = np.diff(ts)[same]
    isi_cell = cs[1:][same]
    e = isi_cell < NE
    cnt = np.bincount(isi_cell[e], minlength=NE)
    s1 = np.bincount(isi_cell[e], weights=isi[e], minlength=NE)
    s2 = np.bincount(isi_cell[e], weights=isi[e] ** 2, minlength=NE)
    ok = cnt >= 2
    m = s1[ok] / cnt[ok]
    sd = np.sqrt(np.maximum(s2[ok] / cnt[ok] - m * m, 0))
    cv = float(np.mean(sd / m)) if ok.any() else float("nan")
    short = float(np.mean(isi[e] < 8)) if e.any() else float("nan")
    nw = int(dur_ms // 100)
    counts = np.zeros((n, max(nw, 1)))
    keep = t < nw * 100
    np.add.at(counts, (cell[keep], (t[keep] // 100).astype(int)), 1)
    mean = counts.mean(axis=1)
    fired = mean > 0
    fano = float(np.mean(counts[fired].var(axis=1) / mean[fired])) if fired.any() else float("nan")
    return dict(rate_hz=rate, cv_isi=cv, short_isi_frac=short, fano_100ms=fano)
