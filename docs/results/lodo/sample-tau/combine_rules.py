#!/usr/bin/python3
"""Research script (not part of Nasflat): scores rank-combination rules offline at one k.

Reads the per-target scores that a scratch build with score-dump.patch writes when NASFLAT_SCORES_DIR is set
(one folder per method: nasflat-mixture gives B = its blend, P = the predictor alone, M = the mixture prior; gbt G,
flops F, ridge R, mixture X, nearest N, params Q, scratch S), and prints per rule the mean, median and worst decile
of Spearman rho over targets (mean over trials) and how many targets end more than 0.05 below FLOPs.
Usage: /usr/bin/python3 combine_rules.py <scores>/<space> 5   (needs numpy and scipy)
"""
import sys, os, glob, itertools, numpy as np
from scipy.stats import rankdata, spearmanr, kendalltau
root = sys.argv[1]; k = int(sys.argv[2]) if len(sys.argv) > 2 else 5
methods = sorted(os.listdir(root))
def load(path):
    nm = 'nasflat' in path.split('/')[-3]
    a = np.loadtxt(path, delimiter=',', skiprows=1, usecols=(0,1,2,3,4,5) if nm else (0,1,2,3))
    d = {'arch': a[:,0], 'truth': a[:,1], 'sample': a[:,2], 'score': a[:,3]}
    if nm: d['predictor'] = a[:,4]; d['prior'] = a[:,5]
    return d
data = {}  # (task,target,trial) -> dict
for m in methods:
    for f in glob.glob(f'{root}/{m}/*/*_k{k}_t*.csv'):
        task = f.split('/')[-2]; base = os.path.basename(f)[:-4]
        target, _, t = base.rpartition(f'_k{k}_t')
        data.setdefault((task, target, int(t)), {})[m] = load(f)
def r01(x): return (rankdata(x) - 1) / (len(x) - 1)
rows = []
for key, d in sorted(data.items()):
    if not {'nasflat-mixture','gbt','flops'} <= d.keys(): continue
    nm = d['nasflat-mixture']; truth = nm['truth']; sample = nm['sample'] == 1
    comp = {'B': nm['score'], 'P': nm['predictor'], 'M': nm['prior']}
    for m, short in [('gbt','G'),('flops','F'),('ridge','R'),('mixture','X'),('nearest','N'),('params','Q'),('scratch','S')]:
        if m in d: comp[short] = d[m]['score']
    Rr = {c: r01(v) for c, v in comp.items()}; Rr['rawF'] = comp['F']
    rows.append((key, truth, sample, Rr))
print(len(rows), 'target-trials')
def rho(x, truth): return spearmanr(x, truth).correlation
def sml_weights(R, names):
    C = np.corrcoef(np.array([R[n] for n in names]))
    n = len(names)
    if n == 2: return np.ones(2)
    # leading eigenvector of C with the diagonal replaced (rank-one fit of off-diagonals)
    A = C.copy(); np.fill_diagonal(A, 0)
    d = np.array([np.median([C[i,j]*C[i,l]/C[j,l] for j in range(n) for l in range(n) if len({i,j,l})==3 and C[j,l]>0.05]) for i in range(n)])
    return np.sqrt(np.clip(d, 0, 0.9999))
def rules():
    yield 'B+G+F', lambda R, s, t: (R['B']+R['G']+R['F'])/3
    yield 'B+G', lambda R, s, t: (R['B']+R['G'])/2
    for names in [('B','G','F','R'), ('B','G','F','X'), ('B','G','F','N'), ('B','G','F','X','N','R'), ('B','G','R'), ('P','M','G','F','R')]:
        yield 'avg:' + ''.join(names), lambda R, s, t, names=names: sum(R[n] for n in names) / len(names)
    for names in [('B','G','F'), ('B','G','F','X'), ('P','M','G','F'), ('B','G','F','N'), ('B','G','F','R'), ('B','G','F','X','N','R')]:
        def f(R, s, t, names=names):
            r = sml_weights(R, names); w = r / (1 - r**2)
            return sum(wi*R[n] for wi, n in zip(w, names)) / w.sum()
        yield 'sml:' + ''.join(names), f
        def g(R, s, t, names=names):
            r = sml_weights(R, names)
            return sum(wi*R[n] for wi, n in zip(r, names)) / r.sum()
        yield 'smlr:' + ''.join(names), g
    def samplew(R, s, t):
        names = ('B','G','F'); w = np.array([max(0.05, kendalltau(R[n][s], t[s]).correlation) for n in names])
        return sum(wi*R[n] for wi, n in zip(w, names)) / w.sum()
    yield 'sampletau:BGF', samplew
    def tauF(R, s, t, p=1, floor=0.0, names=('B','G')):
        tf = kendalltau(R['F'][s], t[s]).correlation
        wf = max(floor, tf) ** p
        return (sum(R[n] for n in names) + wf * R['F']) / (len(names) + wf)
    for p in (1, 2):
        for floor in (0.0, 0.2):
            yield f'tauF^{p}>{floor}:BG+F', lambda R, s, t, p=p, floor=floor: tauF(R, s, t, p, floor)
    yield 'tauF:BGX+F', lambda R, s, t: tauF(R, s, t, names=('B','G','X'))
    yield 'tauF:BGN+F', lambda R, s, t: tauF(R, s, t, names=('B','G','N'))
    def samplew2(R, s, t, names, floor=0.05, p=1):
        w = np.array([max(floor, kendalltau(R[n][s], t[s]).correlation) ** p for n in names])
        return sum(wi*R[n] for wi, n in zip(w, names)) / w.sum()
    def pearF(R, s, t, p=1, floor=0.05, wF0=1.0):
        x = np.log(np.maximum(R['rawF'][s], 1e-12)); y = np.log(t[s])
        r = np.corrcoef(x, y)[0, 1] if np.std(x) > 0 else 0.0
        wf = wF0 * max(floor, r) ** p
        return (R['B'] + R['G'] + wf * R['F']) / (2 + wf)
    for p in (1, 2, 4):
        yield f'pearF^{p}:BG+F', lambda R, s, t, p=p: pearF(R, s, t, p)
    yield 'pearF^2x2:BG+F', lambda R, s, t: pearF(R, s, t, 2, wF0=2.0)
    for wf in (1.5, 2.0):
        yield f'B+G+{wf}F', lambda R, s, t, wf=wf: (R['B'] + R['G'] + wf * R['F']) / (2 + wf)
    for fl in (0.3, 0.5, 0.7):
        yield f'sampletau>{fl}:BGF', lambda R, s, t, fl=fl: samplew2(R, s, t, ('B','G','F'), floor=fl)
    yield 'sampletau:MGF', lambda R, s, t: samplew2(R, s, t, ('M','G','F'))
    yield 'avg:MGF', lambda R, s, t: (R['M']+R['G']+R['F'])/3
    yield 'sampletau:BMGF', lambda R, s, t: samplew2(R, s, t, ('B','M','G','F'))
    yield 'sampletau:BGGF', lambda R, s, t: samplew2(R, s, t, ('B','G','G','F'))
    yield 'sampletau:BGFRN', lambda R, s, t: samplew2(R, s, t, ('B','G','F','R','N'))
    yield 'sampletau:BGFX', lambda R, s, t: samplew2(R, s, t, ('B','G','F','X'))
    yield 'sampletau:BGFN', lambda R, s, t: samplew2(R, s, t, ('B','G','F','N'))
    yield 'sampletau:BGFR', lambda R, s, t: samplew2(R, s, t, ('B','G','F','R'))
    yield 'sampletau:PGFX', lambda R, s, t: samplew2(R, s, t, ('P','G','F','X'))
    yield 'sampletau^2:BGF', lambda R, s, t: samplew2(R, s, t, ('B','G','F'), p=2)
    yield 'sampletau^2:BGFN', lambda R, s, t: samplew2(R, s, t, ('B','G','F','N'), p=2)
res = {}
for key, truth, sample, R in rows:
    for name, f in rules():
        res.setdefault(name, {})[key] = rho(f(R, sample, truth), truth)
    for c in [c for c in R if c != 'rawF']: res.setdefault('=' + c, {})[key] = rho(R[c], truth); res.setdefault('tau5:' + c, {})[key] = kendalltau(R[c][sample], truth[sample]).correlation
# per target mean over trials
import collections
def per_target(d):
    acc = collections.defaultdict(list)
    for (task, target, t), v in d.items(): acc[target].append(v)
    return {k: np.mean(v) for k, v in acc.items()}
flops = per_target(res['=F'])
print(f"{'rule':24s} mean   median worst10 belowF-0.05 worstgap")
for name, d in res.items():
    pt = per_target(d); v = np.array(list(pt.values()))
    gaps = {t: pt[t] - flops[t] for t in pt}
    below = [t for t, g in gaps.items() if g < -0.05]
    worst = min(gaps, key=gaps.get)
    print(f"{name:24s} {v.mean():.4f} {np.median(v):.4f} {np.percentile(v,10):.4f} {len(below):3d}  {worst} {gaps[worst]:+.3f}")
