"""The Transformer of Engram's reference-memory replication, in PyTorch.

The model is built from a probe that engramwalk writes (ann.NewWalkProbe):
its shape, its parameters in the order of Engram's flat vector, a batch of
walks, and the loss and gradient Engram computes for that batch. The
parameters live in one flat tensor, as in Engram, viewed as the named
arrays of the probe's layout:

    x = E[token] + P[position] + G[place]
    per block (pre-layer-norm):
        h  = x + Attn(LN1(x))·Wo + bo,   Attn: causal, scores q·k/√dh + rel[head, i − j]
        x' = h + g·f(LN2(h)·W1 + b1)·W2 + b2
    logits = LNf(x of the rows with a target)·Wu + bu,  loss = mean cross-entropy

with f the probe's activation (NMDA x/(1 + α·e^(−βx)), α ≤ 0 the identity;
GELU; ReLU) and g its gain.

--check compares the loss and the gradient autograd gives for the probe's
batch with Engram's (float64) and exits 1 if the largest difference of a
gradient entry exceeds 1e-9 of the largest gradient entry.
--steps K trains K Adam steps (Kingma & Ba 2015; β 0.9, 0.999, ε 1e-8; the
gradient's norm clipped to 1; the step size 2e-3 falling linearly to 0) on
the probe's batch, as engramwalk trains on batches of the same shape, and
prints one JSON line with its own wall time. The harness (walks.py) times
both processes from outside.
"""

import argparse
import json
import math
import sys
import time

import torch
import torch.nn.functional as F


class Walker:
    def __init__(self, probe, dtype):
        self.p = probe
        self.dtype = dtype
        self.theta = torch.nn.Parameter(torch.tensor(probe["Theta"], dtype=dtype))
        self.views = {}
        for t in probe["Layout"]:
            n = math.prod(t["Shape"])
            self.views[t["Name"]] = (t["Offset"], n, t["Shape"])
        walks = probe["Walks"]
        self.tok = torch.tensor([w["Tokens"] for w in walks], dtype=torch.long)
        self.place = torch.tensor([w["Places"] for w in walks], dtype=torch.long)
        tg = torch.tensor([w["Targets"] for w in walks], dtype=torch.long)
        self.sel = tg >= 0
        self.targets = tg[self.sel]
        T = self.tok.shape[1]
        i = torch.arange(T)
        self.dist = (i[:, None] - i[None, :]).clamp(min=0)
        self.causal = i[:, None] >= i[None, :]
        act = probe["Act"]
        self.kind = act.get("Kind") or "nmda"
        self.alpha = act["NMDA"]["Alpha"]
        self.beta = act["NMDA"]["Beta"]
        self.gain = act.get("Gain") or 1.0

    def w(self, name):
        off, n, shape = self.views[name]
        return self.theta[off:off + n].view(*shape)

    def act(self, u):
        if self.kind == "gelu":
            a = F.gelu(u)
        elif self.kind == "relu":
            a = F.relu(u)
        elif self.alpha <= 0:
            a = u
        else:
            a = u * torch.sigmoid(self.beta * u - math.log(self.alpha))
        return a * self.gain if self.gain != 1 else a

    def loss(self):
        p, w = self.p, self.w
        d, H = p["DModel"], p["Heads"]
        dh = d // H
        eps = p["LNEps"]
        B, T = self.tok.shape
        x = w("tok")[self.tok] + w("pos")[:T] + w("place")[self.place]
        for l in range(p["Layers"]):
            b = lambda s: w("blocks.%d.%s" % (l, s))  # noqa: E731
            y = F.layer_norm(x, (d,), b("ln1g"), b("ln1b"), eps)
            qkv = y @ b("wqkv") + b("bqkv")
            q, k, v = (t.view(B, T, H, dh).transpose(1, 2) for t in qkv.split(d, dim=-1))
            s = (q @ k.transpose(-1, -2)) / math.sqrt(dh) + b("rel")[:, self.dist]
            s = s.masked_fill(~self.causal, float("-inf"))
            o = (torch.softmax(s, dim=-1) @ v).transpose(1, 2).reshape(B, T, d)
            h = x + o @ b("wo") + b("bo")
            y = F.layer_norm(h, (d,), b("ln2g"), b("ln2b"), eps)
            x = h + self.act(y @ b("w1") + b("b1")) @ b("w2") + b("b2")
        xo = F.layer_norm(x[self.sel], (d,), w("lnfg"), w("lnfb"), eps)
        return F.cross_entropy(xo @ w("wu") + w("bu"), self.targets)


def check(probe):
    m = Walker(probe, torch.float64)
    loss = m.loss()
    loss.backward()
    g = m.theta.grad
    ref = torch.tensor(probe["Grad"], dtype=torch.float64)
    dl = abs(loss.item() - probe["Loss"])
    dg = (g - ref).abs().max().item()
    scale = ref.abs().max().item()
    worst = max(m.views, key=lambda n: (g[m.views[n][0]:m.views[n][0] + m.views[n][1]] -
                                        ref[m.views[n][0]:m.views[n][0] + m.views[n][1]]).abs().max().item())
    print(json.dumps({"loss_engram": probe["Loss"], "loss_torch": loss.item(), "loss_diff": dl,
                      "grad_max_abs": scale, "grad_max_diff": dg, "grad_rel_diff": dg / scale,
                      "worst_array": worst, "params": m.theta.numel()}))
    return 0 if dg <= 1e-9 * scale and dl <= 1e-9 * abs(probe["Loss"]) else 1


def train(probe, steps, dtype):
    m = Walker(probe, dtype)
    opt = torch.optim.Adam([m.theta], lr=2e-3, betas=(0.9, 0.999), eps=1e-8)
    start = time.perf_counter()
    loss = None
    for s in range(steps):
        for grp in opt.param_groups:
            grp["lr"] = 2e-3 * (steps - s) / steps
        opt.zero_grad(set_to_none=False)
        loss = m.loss()
        loss.backward()
        torch.nn.utils.clip_grad_norm_([m.theta], 1.0)
        opt.step()
    wall = time.perf_counter() - start
    print(json.dumps({"steps": steps, "dtype": str(dtype), "threads": torch.get_num_threads(),
                      "loss": loss.item(), "run_s": wall}))
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("probe", help="the probe engramwalk -probe wrote (JSON)")
    ap.add_argument("--check", action="store_true", help="compare loss and gradient with Engram's")
    ap.add_argument("--steps", type=int, default=0, help="train this many Adam steps")
    ap.add_argument("--threads", type=int, default=1, help="intra-op threads (torch.set_num_threads)")
    ap.add_argument("--dtype", choices=["float64", "float32"], default="float64")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    with open(a.probe) as f:
        probe = json.load(f)
    if a.check:
        return check(probe)
    if a.steps < 1:
        sys.exit("walk_torch.py: give --check or --steps K (K ≥ 1)")
    return train(probe, a.steps, getattr(torch, a.dtype))


if __name__ == "__main__":
    sys.exit(main())
