#!/usr/bin/python3
"""Research script (not part of Nasflat): scores the k = 5 weightings of ADR 0008's 2026-12-06 section offline.

Reads the per-target scores that a scratch build with ../sample-tau/score-dump.patch (plus cv-dump.patch for the
held-out ρ columns) writes when NASFLAT_SCORES_DIR is set, and prints per rule the mean, median and worst decile of
Spearman ρ over targets (mean over trials) and the targets more than 0.05 below FLOPs.
Usage: /usr/bin/python3 heldout_rules.py <scores>/<space>   (numpy and scipy)
"""
import sys, os, glob, collections, numpy as np
from scipy.stats import rankdata, spearmanr, kendalltau

root = sys.argv[1]
def r01(x): return (rankdata(x) - 1) / (len(x) - 1)
def rho(x, t): return spearmanr(x, t).correlation
def tau(a, b):
    t = kendalltau(a, b).correlation
    return t if np.isfinite(t) else 0.0
def finite(x): return x if np.isfinite(x) else 0.0
def read(path):
    a = np.loadtxt(path, delimiter=',', skiprows=1, usecols=(0, 1, 2, 3))
    return a[:, 0].astype(int), a[:, 1], a[:, 2] == 1, a[:, 3]
def diag(path):
    if not os.path.exists(path): return None
    return {l.split(',')[0]: float(l.split(',')[1]) for l in open(path).read().split('\n') if l}

results = collections.defaultdict(dict)
for blend_file in sorted(glob.glob(f'{root}/nasflat-mixture/*/*_k5_t*.csv')):
    task = blend_file.split('/')[-2]; base = os.path.basename(blend_file)
    target, _, trial = base[:-4].rpartition('_k5_t')
    arch, truth, sample, b = read(blend_file)
    members = {'B': b}
    for method, short in [('gbt', 'G'), ('flops', 'F')]:
        a2, _, _, score = read(f'{root}/{method}/{task}/{base}')
        assert (a2 == arch).all()
        members[short] = score
    R = {n: r01(v) for n, v in members.items()}
    t = {n: tau(R[n][sample], truth[sample]) for n in R}
    def average(weights): return sum(w * R[n] for n, w in zip('BGF', weights)) / sum(weights)
    def held_out_bonus(from_, bonus): return bonus * max(0.0, t['F'] - from_) / (1 - from_)
    key = (target, int(trial))
    results['equal thirds'][key] = rho(average([1, 1, 1]), truth)
    results['(a) tau weights, floor 0.3'][key] = rho(average([max(.3, t[n]) for n in 'BGF']), truth)
    results['(b) + FLOPs bonus 1 from 0.7'][key] = rho(average([max(.3, t['B']), max(.3, t['G']), max(.3, t['F']) + held_out_bonus(.7, 1)]), truth)
    results['(c) + FLOPs bonus 2 from 0.6'][key] = rho(average([max(.3, t['B']), max(.3, t['G']), max(.3, t['F']) + held_out_bonus(.6, 2)]), truth)
    d = diag(blend_file[:-4] + '.diag'); g = diag(f'{root}/gbt/{task}/{base[:-4]}.diag')
    if d and g:
        cv_p, cv_m, cv_g = finite(d['cvP']), finite(d['cvM']), finite(g['cvG'])
        rho_f = finite(spearmanr(R['F'][sample], truth[sample]).correlation)
        for floor in (0.1, 0.3, 0.5):
            for p in (1, 2, 4):
                results[f'held-out rho^{p}, floor {floor}, B by max(P, M)'][key] = rho(average([max(floor, max(cv_p, cv_m)) ** p, max(floor, cv_g) ** p, max(floor, rho_f) ** p]), truth)
                results[f'held-out rho^{p}, floor {floor}, B by mean(P, M)'][key] = rho(average([max(floor, (cv_p + cv_m) / 2) ** p, max(floor, cv_g) ** p, max(floor, rho_f) ** p]), truth)
    for n in 'BGF': results['alone: ' + {'B': 'predictor + mixture', 'G': 'GBT', 'F': 'FLOPs'}[n]][key] = rho(R[n], truth)

def per_target(values):
    acc = collections.defaultdict(list)
    for (target, _), v in values.items(): acc[target].append(v)
    return {k: float(np.mean(v)) for k, v in acc.items()}
flops = per_target(results['alone: FLOPs'])
trials = len({k[1] for k in results['equal thirds']})
print(f'{root}: {len(flops)} targets, {trials} trial(s), {len(results["equal thirds"])} target-trials')
print(f"| rule | mean ρ | median | worst decile | targets > 0.05 below FLOPs |\n|---|---|---|---|---|")
for name, values in results.items():
    pt = per_target(values); v = np.array(list(pt.values()))
    gaps = {k: pt[k] - flops[k] for k in pt}
    below = sorted((k for k in gaps if gaps[k] < -0.05), key=gaps.get)
    print(f"| {name} | {v.mean():.4f} | {np.median(v):.4f} | {np.percentile(v, 10):.4f} | {len(below)} " + ', '.join(f'{k} {gaps[k]:+.3f}' for k in below) + ' |')
