import sys, os, glob, numpy as np, collections
from scipy.stats import rankdata, spearmanr, kendalltau
def load(path):
    nm = 'nasflat' in path.split('/')[-3]
    a = np.loadtxt(path, delimiter=',', skiprows=1, usecols=(0,1,2,3,4,5) if nm else (0,1,2,3))
    d = {'arch': a[:,0].astype(int), 'truth': a[:,1], 'sample': a[:,2], 'score': a[:,3]}
    if nm: d['predictor'] = a[:,4]; d['prior'] = a[:,5]
    return d
def r01(x): return (rankdata(x) - 1) / (len(x) - 1)
def rows(root, k=5):
    data = {}
    for m in sorted(os.listdir(root)):
        for f in glob.glob(f'{root}/{m}/*/*_k{k}_t*.csv'):
            task = f.split('/')[-2]; base = os.path.basename(f)[:-4]
            target, _, t = base.rpartition(f'_k{k}_t')
            data.setdefault((task, target, int(t)), {})[m] = load(f)
    out = []
    for key, d in sorted(data.items()):
        nm = d['nasflat-mixture']; truth = nm['truth']; sample = nm['sample'] == 1
        comp = {'B': nm['score'], 'P': nm['predictor'], 'M': nm['prior']}
        for m, short in [('gbt','G'),('flops','F'),('ridge','R'),('mixture','X'),('nearest','N'),('params','Q'),('scratch','S')]:
            if m in d:
                assert (d[m]['arch'] == nm['arch']).all()
                comp[short] = d[m]['score']
        R = {c: r01(v) for c, v in comp.items()}; R['rawF'] = comp['F']
        out.append((key, truth, sample, R, nm['arch']))
    return out
def rho(x, t): return spearmanr(x, t).correlation
def per_target(d):
    acc = collections.defaultdict(list)
    for (task, target, t), v in d.items(): acc[target].append(v)
    return {k: np.mean(v) for k, v in acc.items()}
def summarize(res, base='=F', show=None):
    flops = per_target(res[base])
    for name, d in res.items():
        if show and not show(name): continue
        pt = per_target(d); v = np.array(list(pt.values()))
        gaps = {t: pt[t] - flops[t] for t in pt}
        below = sorted([t for t, g in gaps.items() if g < -0.05], key=gaps.get)
        print(f"{name:28s} {v.mean():.4f} {np.median(v):.4f} {np.percentile(v,10):.4f} {len(below):3d}  " + ' '.join(f'{t}{gaps[t]:+.3f}' for t in below[:5]))
