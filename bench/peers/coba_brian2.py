"""The COBA benchmark network in Brian2, cpp_standalone, one thread.

Benchmark 1 of Brette et al. (2007), after Vogels & Abbott (2005), as in
Engram's sim.DefaultCOBA and docs of sim.BuildCOBA:

    dv/dt  = (ge·(Ee − v) + gi·(Ei − v) − (v − El)) / τm   (unless refractory)
    dge/dt = −ge / τe,   dgi/dt = −gi / τi                (conductances in units of gL)

4000 cells (3200 E, 800 I), p = 0.02 without autapses, τm 20 ms, El −60 mV,
threshold −50 mV, reset −60 mV, refractory 5 ms, Ee 0 mV, Ei −80 mV, τe 5 ms,
τi 10 ms, we 6 nS / gL 10 nS = 0.6, wi 67 nS / 10 nS = 6.7, no delay,
dt 0.1 ms; v0 ~ N(−65, 5) mV, ge0 ~ N(4, 1.5), gi0 ~ N(20, 12) (not clipped);
no external input; the spikes of every cell recorded.

    python3 coba_brian2.py -duration 11 -seed 1 -dir build/peers/brian2_11s

generates and compiles the standalone project in -dir without running it;
the harness (peers.py) runs DIR/main itself, from DIR, and times it as it
times Engram. The binary writes the spikes to DIR/results/
_dynamic_array_spikemonitor_{t,i}_* (float64 s, int32 cell index).
"""

import argparse
import sys
import warnings

warnings.filterwarnings("ignore")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-duration", type=float, required=True, help="biological time, s")
    ap.add_argument("-seed", type=int, default=1)
    ap.add_argument("-dir", default="build/brian2", help="standalone project folder (one per duration avoids recompiling)")
    ap.add_argument("-method", default="euler",
                    help="integration method (euler: what Brian2 chooses for these equations; exponential_euler: Engram's scheme)")
    a = ap.parse_args()

    import brian2 as b

    b.set_device("cpp_standalone", directory=a.dir, build_on_run=False)
    b.prefs.devices.cpp_standalone.openmp_threads = 0  # one thread
    b.prefs.logging.console_log_level = "WARNING"
    b.defaultclock.dt = 0.1 * b.ms
    b.seed(a.seed)

    ns = dict(taum=20 * b.ms, taue=5 * b.ms, taui=10 * b.ms, Vt=-50 * b.mV, Vr=-60 * b.mV,
              El=-60 * b.mV, Ee=0 * b.mV, Ei=-80 * b.mV)
    eqs = """
    dv/dt  = (ge*(Ee-v) + gi*(Ei-v) - (v-El)) / taum : volt (unless refractory)
    dge/dt = -ge / taue : 1
    dgi/dt = -gi / taui : 1
    """
    P = b.NeuronGroup(4000, eqs, threshold="v > Vt", reset="v = Vr", refractory=5 * b.ms,
                      method=a.method, namespace=ns)
    Pe, Pi = P[:3200], P[3200:]
    Ce = b.Synapses(Pe, P, on_pre="ge += 0.6")
    Ci = b.Synapses(Pi, P, on_pre="gi += 6.7")
    Ce.connect(condition="i != j", p=0.02)  # no autapses, as in Engram
    Ci.connect(condition="i + 3200 != j", p=0.02)
    P.v = "El + (randn()*5 - 5)*mV"
    P.ge = "randn()*1.5 + 4"
    P.gi = "randn()*12 + 20"
    M = b.SpikeMonitor(P)  # every cell; written by the binary  # noqa: F841
    b.run(a.duration * b.second, namespace=ns)

    b.device.build(directory=a.dir, compile=True, run=False)


if __name__ == "__main__":
    sys.exit(main())
