COMMENT
EngramCell: one cell of an Engram network, as a point process in a single
compartment whose capacitance is the cell's (the compartment has no other
mechanism). It carries the whole membrane equation of Engram's engine
(docs/model.md §1):

  C dV/dt = -gL(V-EL) + gL*DT*exp((V-VT)/DT) - w + Iext
            - sum_r g_r*B_r(V)*(V-E_r) + sum_r I_r

the adaptive exponential integrate-and-fire cell of Brette & Gerstner (2005)
(DT = 0: a leaky integrate-and-fire cell, Vogels & Abbott 2005), with
adaptation tau_w dw/dt = a(V-EL) - w, a spike when V crosses vspike (VT+5DT
for AdEx, the threshold for LIF), then V = vreset, w += b, and V held at
vreset for trefrac (a clamp conductance, as PyNN's ResetRefrac does).

Up to four receptor channels (index 0-3, NetCon weight[1]) with
difference-of-exponentials kinetics peak-normalised by f (g = A - B, both
components incremented by weight*f; tr = 0: a single exponential), each a
conductance (reversal e, optionally with the Mg2+ block of Jahr & Stevens
1990, B(V) = 1/(1 + [Mg]/3.57 mM * exp(-0.062 V/mV))) or a current.

Tsodyks-Markram short-term depression (Tsodyks & Markram 1997) per NetCon:
weight[2] = U (0: none), weight[3] = tau_rec (ms), weight[4] = x, weight[5] =
time of the last arrival (ms). At an arrival x recovers as
x = 1 - (1-x)*exp(-(t-tlast)/tau_rec), the event is transmitted with
efficacy weight*x, then x = (1-U)*x.

Presynaptic inhibition of release (EngramRelease, engram_release.mod) per
NetCon: weight[6] = 1 ... 4 scales the event by the release factor f that
POINTER rel0 ... rel3 reads (0: none), after depression: efficacy
weight*x*f, with f at the event's arrival.

lfpq integrates the summed absolute synaptic current sum_r |I_r| (pA*ms),
Engram's LFP proxy (Mazzoni et al. 2008); sampled and differenced it gives
the proxy's mean over each interval.

Units: conductances in uS, currents in nA (PyNN's), as NEURON expects.
ENDCOMMENT

NEURON {
    POINT_PROCESS EngramCell
    RANGE gl, el, vt, deltat, vspike, vreset, trefrac, a, b, tauw, iext, mg
    RANGE tr0, td0, e0, f0, cur0, nmda0
    RANGE tr1, td1, e1, f1, cur1, nmda1
    RANGE tr2, td2, e2, f2, cur2, nmda2
    RANGE tr3, td3, e3, f3, cur3, nmda3
    RANGE w_init, ref_init, a0_init, b0_init, a1_init, b1_init, a2_init, b2_init, a3_init, b3_init
    RANGE w, g0, g1, g2, g3, isyn_abs, lfpq, refractory
    POINTER rel0, rel1, rel2, rel3
    NONSPECIFIC_CURRENT i
}

UNITS {
    (mV) = (millivolt)
    (nA) = (nanoamp)
    (uS) = (microsiemens)
}

PARAMETER {
    gl = 0.01 (uS)      : leak conductance
    el = -65 (mV)       : leak reversal
    vt = -50 (mV)       : soft threshold of the exponential term
    deltat = 0 (mV)     : slope factor (0: LIF)
    vspike = -50 (mV)   : spike detection: VT+5DT (AdEx) or the threshold (LIF)
    vreset = -65 (mV)
    trefrac = 2 (ms)
    a = 0 (uS)
    b = 0 (nA)
    tauw = 100 (ms)
    iext = 0 (nA)
    mg = 1              : extracellular [Mg2+], mM
    gon = 1e6 (uS)      : refractory clamp

    tr0 = 0 (ms)  td0 = 5 (ms)  e0 = 0 (mV)  f0 = 1  cur0 = 0  nmda0 = 0
    tr1 = 0 (ms)  td1 = 5 (ms)  e1 = 0 (mV)  f1 = 1  cur1 = 0  nmda1 = 0
    tr2 = 0 (ms)  td2 = 5 (ms)  e2 = 0 (mV)  f2 = 1  cur2 = 0  nmda2 = 0
    tr3 = 0 (ms)  td3 = 5 (ms)  e3 = 0 (mV)  f3 = 1  cur3 = 0  nmda3 = 0

    w_init = 0 (nA)
    ref_init = 0 (ms)   : refractory time left at t = 0
    a0_init = 0  b0_init = 0  a1_init = 0  b1_init = 0
    a2_init = 0  b2_init = 0  a3_init = 0  b3_init = 0
}

ASSIGNED {
    v (mV)
    i (nA)
    grefrac (uS)
    refractory
    g0  g1  g2  g3
    isyn_abs (pA)
    lfpq (pA ms)
    rr0 (/ms)  rr1 (/ms)  rr2 (/ms)  rr3 (/ms)
    rel0  rel1  rel2  rel3
}

STATE {
    w (nA)
    A0  B0  A1  B1  A2  B2  A3  B3
}

INITIAL {
    w = w_init
    A0 = a0_init  B0 = b0_init
    A1 = a1_init  B1 = b1_init
    A2 = a2_init  B2 = b2_init
    A3 = a3_init  B3 = b3_init
    rr0 = rate(tr0)  rr1 = rate(tr1)  rr2 = rate(tr2)  rr3 = rate(tr3)
    lfpq = 0
    isyn_abs = 0
    grefrac = 0
    refractory = 0
    if (ref_init > 0) {
        grefrac = gon
        refractory = 1
        net_send(ref_init, 3)
    }
    net_send(0, 4)
}

: rate returns 1/tr, or 1/ms for a single exponential, whose rising
: component stays 0 (cnexp would divide 0 by a rate of 0).
FUNCTION rate(tr (ms)) (/ms) {
    if (tr > 0) {
        rate = 1/tr
    } else {
        rate = 1
    }
}

FUNCTION mgblock(v (mV)) {
    mgblock = 1 / (1 + mg/3.57 * exp(-0.062 * v))
}

: channel returns the current of one channel (nA, outward positive) and adds
: its magnitude (pA) to isyn_abs.
FUNCTION channel(g, e (mV), cur, nmda) (nA) {
    LOCAL x
    if (cur > 0) {
        x = -g
    } else if (nmda > 0) {
        x = g * mgblock(v) * (v - e)
    } else {
        x = g * (v - e)
    }
    isyn_abs = isyn_abs + 1000 * fabs(x)
    channel = x
}

BREAKPOINT {
    LOCAL iexp, x
    SOLVE states METHOD cnexp
    g0 = A0 - B0  g1 = A1 - B1  g2 = A2 - B2  g3 = A3 - B3
    isyn_abs = 0
    iexp = 0
    if (deltat > 0) {
        x = (v - vt) / deltat
        if (x > 30) {
            x = 30
        }
        iexp = -gl * deltat * exp(x)
    }
    i = gl * (v - el) + iexp + w - iext + grefrac * (v - vreset)
    i = i + channel(g0, e0, cur0, nmda0) + channel(g1, e1, cur1, nmda1)
    i = i + channel(g2, e2, cur2, nmda2) + channel(g3, e3, cur3, nmda3)
}

DERIVATIVE states {
    w' = (a * (v - el) - w) / tauw
    A0' = -A0 / td0  B0' = -B0 * rr0
    A1' = -A1 / td1  B1' = -B1 * rr1
    A2' = -A2 / td2  B2' = -B2 * rr2
    A3' = -A3 / td3  B3' = -B3 * rr3
}

: lfpq accumulates isyn_abs, held over the step, once per step (cnexp,
: for an equation without decay, would divide by 0).
AFTER SOLVE {
    lfpq = lfpq + isyn_abs * dt
}

NET_RECEIVE (weight, ch, u, taurec (ms), x, tlast (ms), rel) {
    LOCAL q
    INITIAL {
        : Keep the channel, the depression state and the release slot set
        : on the NetCon (without an INITIAL block NEURON zeroes weight[1...]
        : at finitialize).
        ch = ch
    }
    if (flag == 0) {
        q = weight
        if (u > 0) {
            x = 1 - (1 - x) * exp(-(t - tlast) / taurec)
            q = weight * x
            x = (1 - u) * x
            tlast = t
        }
        if (rel == 1) {
            q = q * rel0
        } else if (rel == 2) {
            q = q * rel1
        } else if (rel == 3) {
            q = q * rel2
        } else if (rel == 4) {
            q = q * rel3
        }
        if (ch == 0) {
            A0 = A0 + q * f0
            if (tr0 > 0) { B0 = B0 + q * f0 }
        } else if (ch == 1) {
            A1 = A1 + q * f1
            if (tr1 > 0) { B1 = B1 + q * f1 }
        } else if (ch == 2) {
            A2 = A2 + q * f2
            if (tr2 > 0) { B2 = B2 + q * f2 }
        } else if (ch == 3) {
            A3 = A3 + q * f3
            if (tr3 > 0) { B3 = B3 + q * f3 }
        }
    } else if (flag == 1) { : spike
        net_event(t)
        v = vreset
        w = w + b
        if (trefrac > 0) {
            grefrac = gon
            refractory = 1
            net_send(trefrac, 3)
        }
    } else if (flag == 3) { : end of the refractory period
        v = vreset
        grefrac = 0
        refractory = 0
    } else if (flag == 4) {
        WATCH (v > vspike) 1
    }
}
