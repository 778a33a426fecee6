#!/usr/bin/env python3
"""Run a network exported from Engram (`simulate export -format pynn`) with
PyNN on NEURON, serially or under MPI, and write its spikes as SONATA HDF5
(spikes.h5) and as Engram's spikes.csv.

    python3 run.py -o OUT                      # one process
    mpirun -np 2 python3 run.py -o OUT         # two MPI ranks

PLASTICITY IS FROZEN AT THE EXPORT POINT. The synaptic weights are those
Engram's network had at the export point (its STDP and calcium rules, and
pruning, do not carry over); short-term (Tsodyks-Markram) depression does
carry over, with its state at the export point, and so does presynaptic
inhibition of release (EngramRelease, engram_release.mod: occupancy and
G-protein activation driven by a modulator population's spikes, one instance
per MPI rank receiving every modulator spike), with its state at the export
point.

What runs: network.json lists the populations (PyNN standard cells where
they are exact: IF_cond_exp, EIF_cond_exp_isfa_ista; otherwise EngramCell,
the NMODL mechanism engram_cell.mod beside this script), the spike sources
(SpikeSourceArray with the very spikes Engram's Poisson sources and
backgrounds drew in the window, so the result does not depend on the number
of MPI ranks), and one connection file per projection in PyNN's
FromFileConnector text format (i, j, weight in uS or nA, delay in ms). Every
cell starts in the state it had at the export point (V, adaptation,
refractoriness, synaptic conductances).

Outputs in OUT: spikes.h5 (SONATA: /spikes/<population>/timestamps in ms and
node_ids, sorted by time), spikes.csv (t_ms,population,cell), lfp.csv (the
LFP proxy of the populations network.json names: summed absolute synaptic
current, pA, mean over each 0.5 ms), release.csv (with presynaptic
inhibition: t_ms,projection,f, the release factor read by the events that
arrive at t) and timing.json (wall times, ranks).
Spike times are those of the end of the NEURON step in which a cell crossed
threshold; Engram's reference run (engram/spikes.csv) is timed the same way.
"""

import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import sonata  # noqa: E402  (beside this script)

MECH_LIB = os.path.join(HERE, "x86_64", ".libs", "libnrnmech.so")
PYNN_NMODL = "/usr/lib/python3/dist-packages/pyNN/neuron/nmodl"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-o", "--out", default=os.path.join(HERE, "neuron"), help="output folder (default: neuron/ beside run.py)")
    ap.add_argument("--duration", type=float, default=None, help="ms to run (default: the exported window)")
    args = ap.parse_args()
    with open(os.path.join(HERE, "network.json")) as f:
        net = json.load(f)

    t_start = time.perf_counter()
    try:
        import pyNN.neuron as sim
    except OSError as e:  # PyNN's own NMODL mechanisms are not compiled
        sys.exit("run.py: %s\nCompile PyNN's mechanisms once (as root): sh %s %s" % (e, os.path.join(HERE, "nrnmech.sh"), PYNN_NMODL))
    from neuron import h
    pc = h.ParallelContext()
    rank, nhost = int(pc.id()), int(pc.nhost())
    if not os.path.exists(MECH_LIB):
        if rank == 0:
            subprocess.run(["sh", os.path.join(HERE, "nrnmech.sh")], check=True, stdout=subprocess.DEVNULL)
        pc.barrier()
    if not hasattr(h, "EngramCell"):  # NEURON loads ./x86_64 by itself when run from HERE
        h.nrn_load_dll(MECH_LIB)

    dt = net["dt_ms"]
    window = args.duration if args.duration is not None else net["window_ms"]
    sim.setup(timestep=dt, min_delay=dt, max_delay=max([p["delay_ms"] for p in net["projections"]] + [1.0]))
    h.celsius = 36  # no mechanism here depends on temperature

    pops = {}
    for p in net["populations"]:
        pops[p["name"]] = build_population(sim, h, p, net)
    layers = {name: [pop] for name, pop in pops.items()}
    for s in net["sources"]:
        layers[s["name"]] = source_layers(sim, s["name"], s["size"], os.path.join(HERE, s["spikes"]))
    prjs = []
    releases = []
    for pr in net["projections"]:
        if pr["synapses"] == 0:
            continue
        post = pops[pr["post"]]
        target = receptor_target(net, pr["post"], pr["receptor"])
        conn = load_connections(os.path.join(HERE, pr["file"]))
        these = []
        for pre in layers[pr["pre"]]:
            prj = sim.Projection(pre, post, sim.FromListConnector(conn, column_names=["weight", "delay"]),
                                 sim.StaticSynapse(), receptor_type=target, label=pr["name"])
            if pr.get("depression"):
                set_depression(prj, pr["depression"])
            these.append(prj)
        prjs += these
        if pr.get("release"):
            releases.append(build_release(h, pc, pr, layers[pr["release"]["modulator"]], these, post, dt))
    for b in net["backgrounds"]:
        if b["spike_count"] == 0:
            continue
        target = receptor_target(net, b["population"], b["receptor"])
        for src in source_layers(sim, b["name"], len(pops[b["population"]]), os.path.join(HERE, b["spikes"])):
            prjs.append(sim.Projection(src, pops[b["population"]], sim.OneToOneConnector(),
                                       sim.StaticSynapse(weight=b["weight"], delay=b["delay_ms"]), receptor_type=target))

    cells = [p["name"] for p in net["populations"]]
    for name in cells:
        pops[name].record("spikes")
    lfp_vecs = {name: record_lfp(h, pops[name]) for name in net.get("lfp", [])}

    t_built = time.perf_counter()
    sim.run(window)
    t_run = time.perf_counter()

    spikes = {}
    for name in cells:
        block = pops[name].get_data("spikes", gather=True)
        times, ids = [], []
        for st in block.segments[0].spiketrains:
            ts = np.asarray(st.magnitude, dtype=float)
            times.append(ts)
            ids.append(np.full(len(ts), int(st.annotations["source_index"]), dtype=np.int64))
        t = np.concatenate(times) if times else np.zeros(0)
        i = np.concatenate(ids) if ids else np.zeros(0, dtype=np.int64)
        order = np.lexsort((i, t))
        spikes[name] = (t[order], i[order])
    lfps = {name: reduce_lfp(pc, vecs, window) for name, vecs in lfp_vecs.items()}
    t_gathered = time.perf_counter()

    if rank == 0:
        os.makedirs(args.out, exist_ok=True)
        sonata.write_spikes(os.path.join(args.out, "spikes.h5"), spikes, order=cells)
        sonata.write_csv(os.path.join(args.out, "spikes.csv"), spikes, order=cells, dt=dt)
        with open(os.path.join(args.out, "lfp.csv"), "w") as f:
            f.write("t_ms,population,lfp_pA\n")
            for name in net.get("lfp", []):
                for k, x in enumerate(lfps[name]):
                    f.write("%s,%s,%.10g\n" % (repr(round((k + 1) * LFP_DT, 9)), name, x))
        if releases:
            with open(os.path.join(args.out, "release.csv"), "w") as f:
                f.write("t_ms,projection,f\n")
                for name, _, _, vec in releases:
                    # vec[j], sampled at the end of the step to j*dt, holds
                    # what the events delivered at its start, (j-1)*dt, read.
                    v = np.asarray(vec)
                    for k in range(min(len(v) - 1, int(round(window / dt)))):
                        f.write("%s,%s,%r\n" % (repr(round(k * dt, 9)), name, float(v[k + 1])))
        n_spikes = sum(len(v[0]) for v in spikes.values())
        timing = {"ranks": nhost, "window_ms": window, "dt_ms": dt, "build_s": t_built - t_start,
                  "run_s": t_run - t_built, "gather_s": t_gathered - t_run, "total_s": time.perf_counter() - t_start,
                  "spikes": n_spikes}
        with open(os.path.join(args.out, "timing.json"), "w") as f:
            json.dump(timing, f, indent=2)
        print("%s on NEURON, %d rank(s): %d spikes in %.0f ms; run %.1f s wall (build %.1f s)" % (
            net["scenario"], nhost, n_spikes, window, timing["run_s"], timing["build_s"]))
    sim.end()


LFP_DT = 0.5  # ms, as Engram's LFP recorders


def build_population(sim, h, p, net):
    """Create the PyNN population of an exported group, in its exported state."""
    init = np.genfromtxt(os.path.join(HERE, p["initial"]), delimiter=",", names=True)
    init = np.atleast_1d(init)
    cols = init.dtype.names
    params = dict(p["params"])
    if p["model"] == "EngramCell":
        celltype = engram_cell_type(p, net, init, cols)
    else:
        if np.ptp(init["iext_nA"]) != 0:
            raise SystemExit("run.py: %s: a standard cell needs one external current for every cell" % p["name"])
        celltype = getattr(sim, p["model"])(**params)
    pop = sim.Population(p["size"], celltype, label=p["name"])
    pop.initialize(v=init["v_mV"])
    if p["model"] == "EIF_cond_exp_isfa_ista":
        pop.initialize(w=init["w_nA"])
    if p["model"] != "EngramCell":
        # PyNN's standard cells start with no synaptic conductance; set the
        # exported one after NEURON's initialisation.
        g = {"excitatory": cols[5], "inhibitory": cols[7] if len(cols) > 7 else None}
        local = [(c, int(c) - pop.first_id) for c in pop if c.local]
        _keep.append(h.FInitializeHandler(1, lambda: set_standard_conductances(local, init, g)))
    return pop


_keep = []  # FInitializeHandlers must outlive build_population


def set_standard_conductances(local, init, g):
    for cell, i in local:
        cell._cell.esyn.g = float(init[g["excitatory"]][i])
        if g["inhibitory"] is not None:
            cell._cell.isyn.g = float(init[g["inhibitory"]][i])


def engram_cell_type(p, net, init, cols):
    """A PyNN cell type for one exported population of EngramCell cells."""
    from neuron import h
    from pyNN.neuron import NativeCellType

    recs = sorted(p["receptors"], key=lambda r: r["channel"])
    defaults = dict(p["params"])
    defaults["mg"] = net["mg_mM"]
    for r in recs:
        c = r["channel"]
        defaults.update({"tr%d" % c: r["rise_ms"], "td%d" % c: r["decay_ms"], "e%d" % c: r["erev_mV"],
                         "f%d" % c: r["peak_factor"], "cur%d" % c: float(r["kind"] == "current"),
                         "nmda%d" % c: float(r["mg_block"])})
    per_cell = {"iext": init["iext_nA"], "w_init": init["w_nA"], "ref_init": init["refractory_ms"]}
    for k, r in enumerate(recs):
        per_cell["a%d_init" % r["channel"]] = init[cols[5 + 2 * k]]
        per_cell["b%d_init" % r["channel"]] = init[cols[6 + 2 * k]]
    for name in per_cell:
        defaults.setdefault(name, 0.0)

    class EngramCellType(NativeCellType):
        default_parameters = defaults
        default_initial_values = {"v": -65.0}
        recordable = ["spikes", "v", "lfpq"]
        units = {"v": "mV", "lfpq": "pA*ms"}
        receptor_types = [r["receptor_type"] for r in recs]
        model = EngramNeuron

        def __init__(self, **parameters):
            NativeCellType.__init__(self, **parameters)
            self.extra_parameters = {"type": self}

    return EngramCellType(**per_cell)


class EngramNeuron(object):
    """One EngramCell: a single compartment of capacitance cm (nF; the area
    is 1e-3 cm^2, so uF/cm^2 equals nF) carrying the point process, which is
    both the spike source and the target of every receptor (NetCon
    weight[1] is the channel, set by PyNN from the receptor type)."""

    def __init__(self, **parameters):
        from neuron import h
        self.type = parameters.pop("type")
        sec = h.Section()
        sec.nseg = 1
        sec.L = 100
        sec.diam = 1000 / np.pi
        sec.cm = parameters.pop("cm")
        self.source_section = sec
        self.source = h.EngramCell(0.5, sec=sec)
        for name, value in parameters.items():
            setattr(self.source, name, value)
        self.rec = h.NetCon(self.source, None)
        self.spike_times = h.Vector(0)
        self.traces = {}
        self.recording_time = False
        self.v_init = None

    def __getattr__(self, name):
        if name in ("type", "source") or name.startswith("__"):
            raise AttributeError(name)
        if name in self.type.receptor_types:
            return self.source
        raise AttributeError("EngramNeuron has no attribute or receptor %r" % name)

    def memb_init(self):
        self.source_section(0.5).v = self.v_init


def receptor_target(net, population, receptor):
    for p in net["populations"]:
        if p["name"] == population:
            for r in p["receptors"]:
                if r["name"] == receptor:
                    return r["receptor_type"]
    raise SystemExit("run.py: no receptor %r on %r" % (receptor, population))


def load_connections(path):
    """Read a FromFileConnector file. numpy.loadtxt reads a one-line file
    as a 1-D row, which PyNN's FromFileConnector passes on as it is and
    FromListConnector rejects; ndmin=2 keeps a projection of one synapse a
    list of one connection."""
    return np.loadtxt(path, comments="#", ndmin=2)


def set_depression(prj, d):
    """Tsodyks-Markram depression per connection (EngramCell NET_RECEIVE
    weight[2..5]: U, tau_rec, x, time of the last arrival), from the state
    of each presynaptic cell at the export point."""
    state = np.atleast_1d(np.genfromtxt(os.path.join(HERE, d["state"]), delimiter=",", names=True))
    for c in prj.connections:
        i = c.presynaptic_index
        c.nc.weight[2] = d["U"]
        c.nc.weight[3] = d["tau_rec_ms"]
        c.nc.weight[4] = state["x"][i]
        c.nc.weight[5] = state["tlast_ms"][i]


def build_release(h, pc, pr, modulator, prjs, post, dt):
    """Presynaptic inhibition of a projection's release on this rank: an
    EngramRelease that every spike of the modulator (all its cells, on
    every rank, through their gids) reaches, and whose release factor f
    the projection's synapses read (EngramCell POINTER rel<slot>, NetCon
    weight[6] = slot + 1). Returns the name, the mechanism, its NetCons
    and the recorded f."""
    rel = pr["release"]
    r = h.EngramRelease()
    for name, key in (("alpha", "alpha"), ("taur", "tau_r_ms"), ("taus", "tau_s_ms"), ("hill", "hill"), ("k", "K"),
                      ("fmax", "max_inhibition"), ("ncells", "modulator_size"), ("phase", "update_phase_ms"),
                      ("r_init", "r"), ("s_init", "s")):
        setattr(r, name, rel[key])
    r.dtstep = dt
    ncs = []
    for layer in modulator:
        for cell in layer.all_cells:
            nc = pc.gid_connect(int(cell), r)
            nc.delay = rel["modulator_delay_ms"]
            nc.weight[0] = 1
            ncs.append(nc)
    slot = rel["slot"]
    for prj in prjs:
        for c in prj.connections:
            c.nc.weight[6] = slot + 1
    for c in post:
        if c.local:
            h.setpointer(r._ref_f, "rel%d" % slot, c._cell.source)
    vec = h.Vector()
    vec.record(r._ref_f)
    return pr["name"], r, ncs, vec


def source_layers(sim, name, size, path):
    """SpikeSourceArray populations replaying the spikes in path (t_ms,cell).
    A cell may spike more than once in a step (a Poisson background draws
    a count of events per step); PyNN's VecStim stops a source at a repeated
    time ("spike time before current time"), so the k-th spike of a cell at
    one time goes to the k-th population (layer), each connected alike."""
    import warnings
    from pyNN.parameters import Sequence
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # an empty file: a source that never fired
        data = np.loadtxt(path, delimiter=",", skiprows=1, ndmin=2)
    layers = [[[] for _ in range(size)]]
    for t, c in data:
        c = int(c)
        k = 0
        while layers[k][c] and layers[k][c][-1] == t:
            k += 1
            if k == len(layers):
                layers.append([[] for _ in range(size)])
        layers[k][c].append(t)
    return [sim.Population(size, sim.SpikeSourceArray(spike_times=[Sequence(ts) for ts in times]),
                           label=name if k == 0 else "%s (repeat %d)" % (name, k))
            for k, times in enumerate(layers)]


def record_lfp(h, pop):
    """Record each local cell's integrated |synaptic current| every LFP_DT."""
    vecs = []
    for c in pop:
        if c.local:
            v = h.Vector()
            v.record(c._cell.source._ref_lfpq, LFP_DT)
            vecs.append(v)
    return vecs


def reduce_lfp(pc, vecs, window):
    """Sum the cells' integrals over ranks and difference them: the mean
    summed |synaptic current| (pA) over each LFP_DT."""
    n = int(round(window / LFP_DT)) + 1
    local = np.zeros(n)
    for v in vecs:
        a = np.asarray(v)[:n]
        local[:len(a)] += a
    total = np.array(pc.py_allgather(local.tolist())).sum(axis=0) if pc.nhost() > 1 else local
    return np.diff(total) / LFP_DT


if __name__ == "__main__":
    main()
