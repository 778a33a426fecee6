"""Engram against Brian2 on the COBA benchmark network, side by side.

Both sides run the same network (coba_brian2.py for Brian2 cpp_standalone on
one thread; engramcoba for Engram), integrated by the same method (-method:
forward Euler, what Brian2 chooses for these equations, or exponential
Euler, Engram's default), as a process of their own, at a short and
a long biological time, interleaved (Brian2 short, Engram short, Brian2
long, Engram long) in each repetition. The harness times each process from
outside, the same way for both: wall time and CPU time (user + system, from
wait4). Building the network, writing the spikes and starting the process
cost the same at both lengths, so the marginal cost per biological second,

    (T_long − T_short) / (long − short),

leaves them out (Brian2's code generation and compilation happen before, in
a step that is not timed). It prints the marginal costs, their ratio
Engram / Brian2 (< 1: Engram is faster) and each side's mean rate, CV(ISI),
fraction of ISIs < 8 ms and Fano factor over the long run (stats.py, one
definition for both). Values are medians over the repetitions; repetition k
uses seed k on both sides.

Run from the repository root: make bench-peers (python3 bench/peers/peers.py -h).
"""

import argparse
import glob
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import stats  # noqa: E402


def check(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        sys.exit("failed: %s\n%s%s" % (" ".join(cmd), r.stdout, r.stderr))
    return r.stdout


def timed(cmd, cwd=None):
    """Runs cmd and returns its wall and CPU seconds."""
    start = time.perf_counter()
    p = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    p.returncode = os.waitstatus_to_exitcode(status)
    err = p.stderr.read().decode()
    p.stderr.close()
    if p.returncode != 0:
        sys.exit("failed: %s\n%s" % (" ".join(cmd), err))
    return wall, ru.ru_utime + ru.ru_stime


class Brian2:
    name = "Brian2"

    def __init__(self, py, build, method):
        self.py, self.build, self.method = py, build, method

    def dir(self, dur):
        return os.path.abspath(os.path.join(self.build, "brian2_%s_%gs" % (self.method, dur)))

    def prepare(self, dur, seed):
        check([self.py, os.path.join(HERE, "coba_brian2.py"), "-duration", str(dur), "-seed", str(seed),
               "-method", self.method, "-dir", self.dir(dur)])

    def run(self, dur, seed):
        d = self.dir(dur)
        wall, cpu = timed([os.path.join(d, "main")], cwd=d)
        res = os.path.join(d, "results")
        t, = glob.glob(os.path.join(res, "_dynamic_array_spikemonitor_t_*"))
        i, = glob.glob(os.path.join(res, "_dynamic_array_spikemonitor_i_*"))
        return wall, cpu, stats.load(t, i)


class Engram:
    name = "Engram"

    def __init__(self, build, workers, method, exe=""):
        self.build, self.workers, self.method = build, workers, method
        if exe:
            self.exe = os.path.abspath(exe)  # an engramcoba built elsewhere (another commit)
        else:
            self.exe = os.path.abspath(os.path.join(build, "engramcoba"))
            check(["go", "build", "-o", self.exe, "./bench/peers/engramcoba"])

    def prepare(self, dur, seed):
        pass

    def run(self, dur, seed):
        prefix = os.path.join(self.build, "engram_%gs" % dur)
        wall, cpu = timed([self.exe, "-duration", str(dur), "-seed", str(seed), "-workers", str(self.workers),
                           "-method", self.method, "-spikes", prefix])
        return wall, cpu, stats.load(prefix + "_t", prefix + "_i")


def main():
    ap = argparse.ArgumentParser(description="Engram vs Brian2 cpp_standalone on the COBA network")
    ap.add_argument("-reps", type=int, default=3, help="interleaved repetitions (seed k for repetition k)")
    ap.add_argument("-short", type=float, default=1, help="short run, biological s")
    ap.add_argument("-long", type=float, default=11, help="long run, biological s")
    ap.add_argument("-workers", type=int, default=1, help="Engram's workers")
    ap.add_argument("-method", default="euler", choices=("euler", "exponential_euler"),
                    help="both sides' integration method: euler (what Brian2 chooses for these equations) "
                         "or exponential_euler (Engram's default)")
    ap.add_argument("-build", default="build/peers", help="scratch folder")
    ap.add_argument("-python", default=sys.executable, help="the Python that has brian2")
    ap.add_argument("-engram", default="", help="an engramcoba binary to time instead of building this one")
    a = ap.parse_args()
    if not a.long > a.short > 0:
        sys.exit("want 0 < -short < -long")
    os.makedirs(a.build, exist_ok=True)
    sides = [Brian2(a.python, a.build, a.method), Engram(a.build, a.workers, a.method, a.engram)]
    span = a.long - a.short
    rows = []
    for k in range(1, a.reps + 1):
        row = {}
        for dur in (a.short, a.long):
            for s in sides:
                s.prepare(dur, k)
                wall, cpu, spikes = s.run(dur, k)
                row[(s.name, dur)] = (wall, cpu)
                if dur == a.long:
                    row[(s.name, "stats")] = stats.summary(*spikes, a.long * 1000)
        for s in sides:
            (w0, c0), (w1, c1) = row[(s.name, a.short)], row[(s.name, a.long)]
            row[(s.name, "wall")], row[(s.name, "cpu")] = (w1 - w0) / span, (c1 - c0) / span
        for m in ("wall", "cpu"):
            row[("ratio", m)] = row[("Engram", m)] / row[("Brian2", m)]
        rows.append(row)
        print("repetition %d (seed %d): marginal s per bio-s, wall: Brian2 %.4f Engram %.4f (ratio %.3f); "
              "CPU: Brian2 %.4f Engram %.4f (ratio %.3f)" % (
                  k, k, row[("Brian2", "wall")], row[("Engram", "wall")], row[("ratio", "wall")],
                  row[("Brian2", "cpu")], row[("Engram", "cpu")], row[("ratio", "cpu")]), flush=True)

    def med(key, sub=None):
        return statistics.median(r[key][sub] if sub else r[key] for r in rows)

    print()
    print("COBA benchmark, 4000 cells, %g s and %g s runs, medians of %d interleaved repetitions (seeds 1–%d)" % (
        a.short, a.long, a.reps, a.reps))
    print("both sides integrate by %s; Brian2 %s cpp_standalone, one thread; Engram engramcoba, %d worker(s); %s" % (
        a.method, brian2_version(a.python), a.workers, time.strftime("%Y-%m-%d %H:%M")))
    print("%-34s %10s %10s %12s" % ("", "Brian2", "Engram", "Engram/Brian2"))
    for m in ("wall", "cpu"):
        print("%-34s %10.4f %10.4f %12.3f" % ("marginal %s s per bio-s" % m, med(("Brian2", m)), med(("Engram", m)),
                                              med(("ratio", m))))
    for key, label in (("rate_hz", "rate, Hz"), ("cv_isi", "CV(ISI), E cells"),
                       ("short_isi_frac", "ISIs < 8 ms, E cells"), ("fano_100ms", "Fano factor, 100 ms windows")):
        b, e = med(("Brian2", "stats"), key), med(("Engram", "stats"), key)
        print("%-34s %10.3f %10.3f" % ("%s (%g s)" % (label, a.long), b, e))
    print("(ratios are medians of the per-repetition ratios)")
    try:
        print("load average at the end: %.1f %.1f %.1f on %d processors" % (os.getloadavg() + (os.cpu_count(),)))
    except OSError:
        pass


def brian2_version(py):
    return check([py, "-c", "import warnings; warnings.filterwarnings('ignore'); import brian2; "
                  "print(brian2.__version__)"]).strip()


if __name__ == "__main__":
    main()
