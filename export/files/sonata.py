#!/usr/bin/env python3
"""Spikes as SONATA HDF5 (the spike file of the SONATA data format, Dai et
al. 2020) and as Engram's spikes.csv (t_ms,population,cell).

A SONATA spike file holds, per population, /spikes/<population>/timestamps
(float64, units "ms") and /spikes/<population>/node_ids (uint64), with the
group's attribute "sorting" ("by_time" here).

    python3 sonata.py csv2h5 spikes.csv spikes.h5 [dt_ms]  # Engram's CSV -> SONATA
    python3 sonata.py h5tocsv spikes.h5 spikes.csv [dt_ms] # SONATA -> Engram's CSV
    python3 sonata.py show spikes.h5                      # datasets, counts, units
    python3 sonata.py bmtk spikes.h5 [spikes.csv]         # open with bmtk; compare with the CSV

Needs numpy and h5py (Debian: python3-h5py).
"""

import sys

import numpy as np


def write_spikes(path, spikes, order=None):
    """Write {population: (times_ms, node_ids)} as a SONATA spike file."""
    import h5py
    with h5py.File(path, "w") as f:
        root = f.create_group("spikes")
        root.attrs["magic"] = np.uint32(0x0A7A)
        root.attrs["version"] = np.array([0, 1], dtype=np.uint32)
        for name in order or sorted(spikes):
            t, ids = spikes[name]
            t = np.asarray(t, dtype=np.float64)
            ids = np.asarray(ids, dtype=np.uint64)
            k = np.lexsort((ids, t))
            g = root.create_group(name)
            g.attrs["sorting"] = "by_time"
            ts = g.create_dataset("timestamps", data=t[k])
            ts.attrs["units"] = "ms"
            g.create_dataset("node_ids", data=ids[k])


def read_spikes(path):
    """Read a SONATA spike file: {population: (times_ms, node_ids)}, in the
    file's order of populations."""
    import h5py
    out = {}
    with h5py.File(path, "r") as f:
        for name, g in f["spikes"].items():
            units = g["timestamps"].attrs.get("units", "ms")
            if isinstance(units, bytes):
                units = units.decode()
            scale = {"ms": 1.0, "s": 1000.0}.get(units)
            if scale is None:
                raise SystemExit("sonata.py: %s: timestamps in %r, want ms or s" % (name, units))
            out[name] = (np.asarray(g["timestamps"], dtype=np.float64) * scale, np.asarray(g["node_ids"], dtype=np.int64))
    return out


def decimals(dt):
    d = 1
    while round(dt * 10 ** d) != dt * 10 ** d and d < 9:
        d += 1
    return max(1, d)


def write_csv(path, spikes, order=None, dt=0.1):
    """Write {population: (times_ms, node_ids)} as Engram's spikes.csv:
    populations in order, each sorted by time then cell."""
    fmt = "%%.%df,%%s,%%d\n" % decimals(dt)
    with open(path, "w") as f:
        f.write("t_ms,population,cell\n")
        for name in order or list(spikes):
            t, ids = spikes[name]
            t, ids = np.asarray(t), np.asarray(ids)
            k = np.lexsort((ids, t))
            for a, b in zip(t[k], ids[k]):
                f.write(fmt % (a, name, b))


def read_csv(path):
    """Read Engram's spikes.csv: {population: (times_ms, cells)} in order of
    first appearance."""
    out = {}
    with open(path) as f:
        head = f.readline().strip()
        if head != "t_ms,population,cell":
            raise SystemExit("sonata.py: %s: header %r, want t_ms,population,cell" % (path, head))
        for line in f:
            parts = line.rstrip("\n").split(",")
            t, c, pop = float(parts[0]), int(parts[-1]), ",".join(parts[1:-1])
            out.setdefault(pop, ([], []))
            out[pop][0].append(t)
            out[pop][1].append(c)
    return {k: (np.array(v[0]), np.array(v[1], dtype=np.int64)) for k, v in out.items()}


def main(argv):
    if len(argv) < 2:
        raise SystemExit(__doc__)
    cmd = argv[0]
    if cmd == "csv2h5" and len(argv) >= 3:
        sp = read_csv(argv[1])
        write_spikes(argv[2], sp, order=list(sp))
    elif cmd == "h5tocsv" and len(argv) >= 3:
        sp = read_spikes(argv[1])
        write_csv(argv[2], sp, order=list(sp), dt=float(argv[3]) if len(argv) > 3 else 0.1)
    elif cmd == "show":
        import h5py
        with h5py.File(argv[1], "r") as f:
            for name, g in f["spikes"].items():
                ts = g["timestamps"]
                print("/spikes/%s: sorting=%s timestamps %s %s units=%s node_ids %s %s" % (
                    name, g.attrs.get("sorting"), ts.shape, ts.dtype, ts.attrs.get("units"), g["node_ids"].shape, g["node_ids"].dtype))
    elif cmd == "bmtk":
        check_bmtk(argv[1], argv[2] if len(argv) > 2 else None)
    else:
        raise SystemExit(__doc__)


def check_bmtk(path, csv=None):
    """Open a SONATA spike file with bmtk (the Brain Modeling Toolkit's
    SpikeTrains), print its populations and counts, and check them against
    Engram's spikes.csv when given: every spike, same times and cells."""
    from bmtk.utils.reports.spike_trains import SpikeTrains
    st = SpikeTrains.load(path)
    want = read_csv(csv) if csv else None
    ok = True
    for pop in st.populations:
        df = st.to_dataframe(populations=pop)
        print("bmtk: %s: population %r, %d spikes, %d cells, t %.1f-%.1f ms" % (
            path, pop, len(df), df["node_ids"].nunique(), df["timestamps"].min(), df["timestamps"].max()))
        if want is not None:
            t, c = want.get(pop, (np.zeros(0), np.zeros(0, dtype=np.int64)))
            a = sorted(zip(np.round(df["timestamps"].to_numpy(), 6), df["node_ids"].to_numpy().astype(np.int64)))
            b = sorted(zip(np.round(t, 6), c))
            if a != b:
                print("bmtk: %s: %d spikes differ from %s" % (pop, len(set(a) ^ set(b)), csv))
                ok = False
    if want is not None and set(want) != set(st.populations):
        print("bmtk: populations %s, the CSV has %s" % (sorted(st.populations), sorted(want)))
        ok = False
    if not ok:
        raise SystemExit(1)
    if want is not None:
        print("bmtk: every spike of %s is in %s" % (csv, path))


if __name__ == "__main__":
    main(sys.argv[1:])
