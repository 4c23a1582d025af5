#!/usr/bin/env python3
"""perf_table.py: the table of bench/perf.sh from the PERF lines of
bench/perf_sim.c (one perf.txt per variant; ir.txt beside it is
mlpgen --dump-ir of the variant).

usage: perf_table.py DIR/NET-bB/perf.txt ...

cyc/sample    core busy cycles (BUSY register) per training sample
busy % calc   training MACs x samples / (pes x cycles), training MACs =
              3 per connection and sample, 2 in the first layer (no g sent back)
hw            (when the core has performance counters) the multiply units' busy
              counters / (units x core busy cycles)
CUPS/unit/cyc connections x samples / (pes x cycles), pes = every unit the design
              instantiates (sum of the layers' units in the generated layout)
ideal         connections / training MACs (the figure at 100 % busy)
fwd cyc/smp   forward-only (INFER = 1) busy cycles per sample, B samples per start
ceil(M/pes)   ceil(forward MACs / pes)
forward fit   per net: a start of b samples = b x s + F (F the fill, once a start),
              s / ceil(M/pes), and the best any split of whole units between the
              layers could do (the slowest layer's ceil(MACs / units))
sim Mcyc/s    simulated clocks (register traffic included) per wall second, training loop;
              (cpu): per second of the process's CPU time (what an unloaded core would do)
"""
import math
import os
import re
import sys


def split_bound(macs, pes):
    """The fewest cycles a sample any layer-pipelined split can reach: each
    layer gets whole units (at least one), a stage takes ceil(MACs / units)
    and the slowest stage sets the pace. Dynamic programming over layers."""
    best = {0: 0}   # units used -> smallest slowest stage so far
    for m in macs:
        nxt = {}
        for used, worst in best.items():
            for p in range(1, pes - used + 1):
                w = max(worst, -(-m // p))
                if nxt.get(used + p, w + 1) > w:
                    nxt[used + p] = w
        best = nxt
    return min(best.values()) if best else 0


def parse(path):
    rec = {}
    try:
        with open(path) as f:
            for line in f:
                if line.startswith("PERF "):
                    for kv in line.split()[1:]:
                        k, _, v = kv.partition("=")
                        rec[k] = v
    except OSError:
        rec["error"] = "missing"
    ir = os.path.join(os.path.dirname(path), "ir.txt")
    try:
        with open(ir) as f:
            for line in f:
                if line.startswith("hardware pes"):
                    rec["desc_pes"] = line.split()[2]
                m = re.match(r"layer \d+ .* macs (\d+)\s*$", line)
                if m:
                    rec.setdefault("layer_macs", []).append(int(m.group(1)))
    except OSError:
        pass
    return rec


def main(paths):
    recs = [parse(p) for p in paths]
    hw = any("hw_unit_busy" in r for r in recs)
    head = ("net", "batch", "pes", "cyc/sample", "busy % calc") + (("hw",) if hw else ()) + (
            "CUPS/unit/cyc", "ideal", "fwd cyc/smp", "ceil(M/pes)", "fwd/ceil", "sim Mcyc/s", "(cpu)")
    rows = []
    notes = []
    for p, r in zip(paths, recs):
        if "error" in r or "busy" not in r:
            rows.append((r.get("net", os.path.basename(os.path.dirname(p))), r.get("batch", "?"),
                         "", "error: " + r.get("error", "no PERF line")) + ("",) * (len(head) - 4))
            continue
        n = int(r["samples"])
        busy = int(r["busy"])
        pes = int(r["pes"])
        conn = int(r["conn"])
        tmacs = int(r["train_macs"])
        fmacs = int(r["fwd_macs"])
        cyc = busy / n
        cups = conn * n / (pes * busy)
        ubusy = 100.0 * tmacs * n / (pes * busy)
        hwcol = ()
        if hw:
            hwcol = ("-",)
            if "hw_unit_busy" in r and int(r.get("hw_core_busy", "0")) > 0:
                hb = int(r["hw_core_busy"])
                hwcol = ("%.1f" % (100.0 * int(r["hw_unit_busy"]) / (int(r["hw_units"]) * hb)),)
                stages = sorted(k for k in r if k.startswith("hw_stage"))
                notes.append("%s batch %s hw counters: stage busy %s %%; input stream waiting %.1f %%, "
                             "output %.1f %% of busy cycles; %s samples, %s batches counted" %
                             (r["net"], r["batch"],
                              "/".join("%.1f" % (100.0 * int(r[k]) / hb) for k in stages),
                              100.0 * int(r["hw_in_stall"]) / hb, 100.0 * int(r["hw_out_stall"]) / hb,
                              r["hw_samples"], r["hw_batches"]))
        ideal = conn / tmacs
        fwd = int(r["infer_busy"]) / int(r["infer_samples"])
        ceil_f = math.ceil(fmacs / pes)
        rate = int(r["sim_cycles"]) / float(r["secs"]) / 1e6 if float(r["secs"]) > 0 else 0.0
        cpu = float(r.get("cpu", "0"))
        rate_cpu = "%.3f" % (int(r["sim_cycles"]) / cpu / 1e6) if cpu > 0 else "-"
        pes_s = str(pes)
        if r.get("desc_pes") and r["desc_pes"] != str(pes):
            pes_s += "/" + r["desc_pes"]
        rows.append((r["net"], r["batch"], pes_s, "%.1f" % cyc, "%.1f" % ubusy) + hwcol + ("%.4f" % cups,
                     "%.3f" % ideal, "%.1f" % fwd, str(ceil_f), "%.2f" % (fwd / ceil_f),
                     "%.3f" % rate, rate_cpu))
        if r["batch_min"] != r["batch_max"]:
            notes.append("%s batch %s: cycles per batch vary %s..%s" %
                         (r["net"], r["batch"], r["batch_min"], r["batch_max"]))
        core = "" if r.get("bmax", r["batch"]) == r["batch"] else \
            " (core built for batch %s)" % r["bmax"]
        notes.append("%s batch %s%s: units per layer %s, %s training samples (%s batches), %s "
                     "forward samples in %s starts, %.1f simulated cycles per sample" %
                     (r["net"], r["batch"], core, r["pes_layers"], r["samples"], r["batches"],
                      r["infer_samples"], r["infer_runs"], int(r["sim_cycles"]) / n))
    w = [max(len(str(x[i])) for x in rows + [head]) for i in range(len(head))]
    fmt = "  ".join("%%%ds" % wi if i > 1 else "%%-%ds" % wi for i, wi in enumerate(w))
    print(fmt % head)
    print("  ".join("-" * wi for wi in w))
    for row in rows:
        print(fmt % row)
    print()
    print("pes: every processing element the design instantiates (a/b: instantiated/asked in the .desc);"
          " CUPS/unit and busy count per PE.")
    print("busy % calc: training MACs / (pes x cycles) (biases not counted)" +
          ("; hw: the units' busy counters / (units x core busy cycles)." if hw else
           "; no hardware counters in this core."))
    # per net: cycles of a batch of b = b*s + U (per-sample cost, once-per-batch cost)
    by_net = {}
    for r in recs:
        if "busy" in r:
            by_net.setdefault(r["net"], []).append((int(r["batch"]), int(r["busy"]) / int(r["samples"])))
    for net, pts in by_net.items():
        pts = sorted(set(pts))
        if len(pts) < 2:
            continue
        (b0, c0), (b1, c1) = pts[0], pts[-1]
        if b0 == b1:
            continue
        u = (c0 - c1) / (1.0 / b0 - 1.0 / b1)
        s_ = c0 - u / b0
        worst = max(abs(s_ + u / b - c) for b, c in pts)
        print("%s: batch of b costs b x %.1f + %.1f cycles (per sample + once per batch: update, pipeline fill and drain),"
              " largest deviation %.2f cycles/sample" % (net, s_, u, worst))
    # per net: a forward-only start of b samples = b*s + F (F: the pipeline's
    # fill and drain, once a start); the target is s within 5 % of
    # ceil(forward MACs / pes)
    fwd_by_net = {}
    for r in recs:
        if "infer_busy" in r and int(r.get("infer_runs", "0")) > 0:
            per_start = int(r["infer_busy"]) / int(r["infer_runs"])
            b = int(r["infer_samples"]) // int(r["infer_runs"])
            fwd_by_net.setdefault(r["net"], (r, []))[1].append((b, per_start))
    for net, (r, pts) in fwd_by_net.items():
        pts = sorted(set(pts))
        if len(pts) < 2 or pts[0][0] == pts[-1][0]:
            continue
        (b0, c0), (b1, c1) = pts[0], pts[-1]
        s_ = (c1 - c0) / (b1 - b0)
        f_ = c0 - s_ * b0
        worst = max(abs(s_ * b + f_ - c) for b, c in pts)
        pes = int(r["pes"])
        dpes = int(r.get("desc_pes", pes))
        fmacs = int(r["fwd_macs"])
        line = ("%s forward: a start of b samples costs b x %.2f + %.1f cycles (largest deviation %.1f); "
                "%.2f / ceil(%d MACs / %d units) = %.3f" %
                (net, s_, f_, worst, s_, fmacs, pes, s_ / math.ceil(fmacs / pes)))
        if dpes != pes:
            line += ", / ceil(MACs / %d asked) = %.3f" % (dpes, s_ / math.ceil(fmacs / dpes))
        if r.get("layer_macs"):
            sb = split_bound(r["layer_macs"], dpes)
            line += "; best whole-unit split of %d units: %d (%.3f x ceil)" % (
                dpes, sb, sb / math.ceil(fmacs / dpes))
        print(line)
    for n in notes:
        print("  " + n)


if __name__ == "__main__":
    main(sys.argv[1:])
