COMMENT
EngramRelease: presynaptic inhibition of a projection's transmitter release,
shared by all its synapses and set by the spikes of a modulator population
of ncells cells, as Engram integrates it (Engram's
sim.PresynapticParams): GABA released by interneurons during intense
activity spills over onto excitatory terminals and depresses release
through presynaptic GABA_B receptors for hundreds of milliseconds
(Isaacson, Solis & Nicoll 1993), with the two-stage GABA_B kinetics of
Destexhe & Sejnowski (1995): receptor occupancy r, G-protein activation s
and a cooperative (Hill) effect,

  dr/dt = -r/taur + alpha*(1 - r)*sum_k delta(t - t_k)/ncells
  ds/dt = (r - s)/taus
  f = 1 - fmax * s^hill / (s^hill + k^hill)

with Engram's discrete scheme, once per step of dtstep ms (m = the
modulator's spikes of the step / ncells; r and s the values before it):

  r' = min(1, r*exp(-dtstep/taur) + alpha*(1 - r)*m)
  s' = r' + (s - r')*exp(-dtstep/taus)

The release factor f multiplies every synaptic event of the projection;
EngramCell (engram_cell.mod) reads it through a POINTER (rel0 ... rel3) when
an event arrives.

One instance per MPI rank and projection receives every modulator spike
(NetCons from the modulator cells' gids, weight unused), so every rank
integrates the same r and s. A modulator spike of Engram's step k, timed
k*dtstep (the end of the step), arrives one step later through a delay of
1.01*dtstep, the least NEURON accepts under MPI. At the start of the NEURON
step from (k+1)*dtstep, this instance begins step k (a self-event at
(k+1)*dtstep + phase: r and s decay, r_before is kept), each modulator spike
of step k then adds alpha*(1 - r_before)/ncells to r, and the projection's
events, which the export delays by 0.02 step more, read f last. An event
arriving at t thus reads the factor of Engram's step t/dtstep - 1: the same
equations and order as Engram, one step later.

Parameters: alpha, taur (ms), taus (ms), hill, k, fmax, ncells, dtstep (ms),
phase (ms, < 0.01*dtstep), r_init and s_init (the state at the export point,
which holds until the update of step 1 at 2*dtstep + phase).
ENDCOMMENT

NEURON {
    ARTIFICIAL_CELL EngramRelease
    RANGE alpha, taur, taus, hill, k, fmax, ncells, dtstep, phase, r_init, s_init
    RANGE r, s, f
}

PARAMETER {
    alpha = 0.1
    taur = 200 (ms)
    taus = 100 (ms)
    hill = 4
    k = 0.3
    fmax = 0
    ncells = 1
    dtstep = 0.1 (ms)
    phase = 0.0005 (ms)
    r_init = 0
    s_init = 0
}

ASSIGNED {
    r
    s
    f
    rbefore
    sbefore
    decr
    decs
    kn
}

INITIAL {
    decr = exp(-dtstep / taur)
    decs = exp(-dtstep / taus)
    kn = pow(k, hill)
    r = r_init
    s = s_init
    rbefore = r
    sbefore = s
    f = factor(s)
    net_send(2 * dtstep + phase, 1)
}

FUNCTION factor(x) {
    LOCAL xn
    xn = pow(x, hill)
    factor = 1 - fmax * xn / (xn + kn)
}

NET_RECEIVE (w) {
    if (flag == 1) { : begin a step: decay without spikes
        rbefore = r
        sbefore = s
        r = r * decr
        s = r + (sbefore - r) * decs
        f = factor(s)
        net_send(dtstep, 1)
    } else { : a modulator spike of the step begun last
        r = r + alpha * (1 - rbefore) / ncells
        if (r > 1) {
            r = 1
        }
        s = r + (sbefore - r) * decs
        f = factor(s)
    }
}
