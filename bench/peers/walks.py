"""Engram against PyTorch on the Transformer of the reference-memory replication.

First the two are shown to be the same model: engramwalk writes a probe
(its initial parameters, its first batch of 16 walks, and the loss and
gradient Engram's hand-written backward pass computes, ann.NewWalkProbe) for
each kind of activation the replication uses (NMDA α = 1, α = 0 linear,
gain-matched α = 10, GELU, ReLU), and walk_torch.py builds the model in
PyTorch from it and compares the gradient autograd gives (float64). The
harness stops if any entry differs by more than 1e-9 of the largest.

Then both train it, as a process of their own each, at a short and a long
number of Adam steps, interleaved (Engram short, PyTorch short, Engram long,
PyTorch long, for each thread count and PyTorch precision) in every
repetition. Processes are timed from outside, the same way for both: wall
time and CPU time (user + system, from wait4). Start-up, the model's
construction and Engram's final score of 16 walks cost the same at both
lengths, so the marginal cost of a step,

    (T_long − T_short) / (long − short),

leaves them out. A step is 16 walks of 129 tokens (2064 tokens, 1024
targets); the FLOPs of a step are Engram's meter (ann.Meter: the matrix
products, attention, activation, layer norms, loss, clipping and Adam),
counted once and used for both sides' GFLOP/s. Engram's threads are
GOMAXPROCS; PyTorch's are torch.set_num_threads, with OMP_WAIT_POLICY=passive
(its OpenMP threads spinning between operations made two threads slower than
one on this machine). Engram computes in float64; PyTorch is timed in
float64 (the same arithmetic) and float32 (its usual precision). Values
are medians over the repetitions.

Run from the repository root: make bench-ann-peers (python3 bench/peers/walks.py -h).
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from peers import check  # noqa: E402

# Activations of the replication's arms: engramwalk flags.
ARMS = [("NMDA α = 1 (SiLU)", []), ("linear (α = 0)", ["-alpha", "0"]),
        ("NMDA α = 10, gain 3.79", ["-alpha", "10", "-gain", "3.79"]),
        ("GELU", ["-act", "gelu"]), ("ReLU", ["-act", "relu"])]


def run_timed(cmd, env):
    """Runs cmd and returns wall s, CPU s (user + system of the process) and its JSON line."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if r.returncode != 0:
        sys.exit("failed: %s\n%s" % (" ".join(cmd), r.stderr))
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return wall, cpu, json.loads(r.stdout.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser(description="Engram vs PyTorch on the replication's Transformer (train step)")
    ap.add_argument("-reps", type=int, default=3, help="interleaved repetitions")
    ap.add_argument("-short", type=int, default=10, help="short run, Adam steps")
    ap.add_argument("-long", type=int, default=50, help="long run, Adam steps")
    ap.add_argument("-threads", default="1,2", help="thread counts, comma-separated")
    ap.add_argument("-dtypes", default="float64,float32", help="PyTorch precisions, comma-separated")
    ap.add_argument("-build", default="build/peers", help="scratch folder")
    ap.add_argument("-python", default=sys.executable, help="the Python that has torch")
    a = ap.parse_args()
    if not a.long > a.short > 0:
        sys.exit("want 0 < -short < -long (Adam steps)")
    try:
        threads = [int(t) for t in a.threads.split(",")]
    except ValueError:
        sys.exit("-threads %r: want thread counts separated by commas, e.g. 1,2" % a.threads)
    if min(threads) < 1 or a.reps < 1:
        sys.exit("want -threads ≥ 1 and -reps ≥ 1")
    dtypes = a.dtypes.split(",")
    for d in dtypes:
        if d not in ("float64", "float32"):
            sys.exit("-dtypes: %r, want float64 and/or float32" % d)
    os.makedirs(a.build, exist_ok=True)
    exe = os.path.abspath(os.path.join(a.build, "engramwalk"))
    check(["go", "build", "-o", exe, "./bench/peers/engramwalk"])
    torch_py = [a.python, os.path.join(HERE, "walk_torch.py")]
    probe = os.path.join(a.build, "walk_probe.json")

    print("Same model: Engram's loss and gradient against PyTorch autograd (float64), first batch, seed 1")
    for name, flags in ARMS:
        check([exe, "-probe", probe] + flags)
        r = subprocess.run(torch_py + [probe, "--check"], capture_output=True, text=True)
        if r.returncode not in (0, 1):
            sys.exit("failed: walk_torch.py --check\n%s%s" % (r.stdout, r.stderr))
        c = json.loads(r.stdout.strip().splitlines()[-1])
        print("  %-24s loss %.15f vs %.15f; largest gradient difference %.1e of the largest entry (%s)%s" % (
            name, c["loss_engram"], c["loss_torch"], c["grad_rel_diff"], c["worst_array"],
            "" if r.returncode == 0 else "  MISMATCH"))
        if r.returncode != 0:
            sys.exit("the two models differ: fix before timing")
    check([exe, "-probe", probe])  # the default arm, for the timing runs

    def env_for(n):
        return dict(os.environ, GOMAXPROCS=str(n), OMP_NUM_THREADS=str(n), OMP_WAIT_POLICY="passive")

    sides = []
    for n in threads:
        sides.append(("Engram float64", n, lambda k, n=n: [exe, "-steps", str(k)]))
        for d in dtypes:
            sides.append(("PyTorch " + d, n, lambda k, n=n, d=d: torch_py + [
                probe, "--steps", str(k), "--threads", str(n), "--dtype", d]))
    span = a.long - a.short
    rows = []
    flops_per_step = None
    for rep in range(1, a.reps + 1):
        row = {}
        for k in (a.short, a.long):
            for name, n, cmd in sides:
                wall, cpu, out = run_timed(cmd(k), env_for(n))
                row[(name, n, k)] = (wall, cpu)
                if name.startswith("Engram"):
                    row[(name, n, k, "flops")] = out["flops"]
        line = []
        for name, n, _ in sides:
            (w0, c0), (w1, c1) = row[(name, n, a.short)], row[(name, n, a.long)]
            row[(name, n, "wall")], row[(name, n, "cpu")] = (w1 - w0) / span, (c1 - c0) / span
            if name.startswith("Engram"):
                f = (row[(name, n, a.long, "flops")] - row[(name, n, a.short, "flops")]) / span
                flops_per_step = flops_per_step or f
            line.append("%s %d thr %.1f ms" % (name, n, 1000 * row[(name, n, "wall")]))
        rows.append(row)
        print("repetition %d: marginal wall time per step: %s" % (rep, "; ".join(line)), flush=True)

    def med(*key):
        return statistics.median(r[key] for r in rows)

    tokens = 16 * 129
    print()
    print("Train step of the replication's Transformer (118,031 parameters; 16 walks of 129 tokens), "
          "%d and %d steps, medians of %d interleaved repetitions" % (a.short, a.long, a.reps))
    print("PyTorch %s; %s" % (torch_version(a.python), time.strftime("%Y-%m-%d %H:%M")))
    print("FLOPs per step (Engram's meter, for both): %.3g" % flops_per_step)
    print("%-18s %7s %12s %12s %10s %9s %16s" % ("", "threads", "wall ms/step", "CPU ms/step", "tokens/s",
                                                "GFLOP/s", "wall / Engram's"))
    for name, n, _ in sides:
        w, c = med(name, n, "wall"), med(name, n, "cpu")
        ratio = statistics.median(r[(name, n, "wall")] / r[("Engram float64", n, "wall")] for r in rows)
        print("%-18s %7d %12.1f %12.1f %10.0f %9.2f %16.2f" % (name, n, 1000 * w, 1000 * c, tokens / w,
                                                            flops_per_step / w / 1e9, ratio))
    print("(wall / Engram's > 1: slower than Engram at the same thread count; medians of per-repetition ratios)")
    try:
        print("load average at the end: %.1f %.1f %.1f on %d processors" % (os.getloadavg() + (os.cpu_count(),)))
    except OSError:
        pass


def torch_version(py):
    return check([py, "-c", "import torch; print(torch.__version__)"]).strip()


if __name__ == "__main__":
    main()
