#!/usr/bin/python3
"""Research script (not part of Nasflat): FLOPs weighted by its agreement with the other rankings over the whole space.
Usage: /usr/bin/python3 agreement_rules.py nb201|fbnet <scores folder> (needs load.py beside it, numpy, scipy)."""
import sys; sys.path.insert(0, '.')
from load import *
space = sys.argv[1]
rows_ = rows(sys.argv[2])
print(len(rows_))
def tau(a, b): 
    t = kendalltau(a, b).correlation; return t if np.isfinite(t) else 0
def wavg(R, names, w): return sum(wi*R[n] for wi, n in zip(w, names)) / sum(w)
def rules():
    yield 'kept', lambda R, s, t: wavg(R, 'BGF', [max(.3, tau(R[n][s], t[s])) for n in 'BGF'])
    yield 'equal', lambda R, s, t: wavg(R, 'BGF', [1,1,1])
    for src in ['X', 'B', 'G', 'BG']:
        def f(R, s, t, src=src, p=1):
            ref = sum(R[c] for c in src)
            a = max(0, rho(R['F'], ref))
            return wavg(R, 'BGF', [1, 1, a])
        yield f'wF=rho(F,{src})', f
        def g(R, s, t, src=src):
            ref = sum(R[c] for c in src)
            a = max(0, rho(R['F'], ref)); b = max(0, tau(R['F'][s], t[s]))
            return wavg(R, 'BGF', [1, 1, max(.3, (a + b) / 2)])
        yield f'wF=mean(rho(F,{src}),tauF)>.3', g
        def h(R, s, t, src=src):
            ref = sum(R[c] for c in src)
            a = max(0, rho(R['F'], ref)); b = max(0, tau(R['F'][s], t[s]))
            return wavg(R, 'BGF', [1, 1, max(.3, a * b) ])
        yield f'wF=rho(F,{src})*tauF>.3', h
        def h2(R, s, t, src=src):
            ref = sum(R[c] for c in src)
            a = max(0, rho(R['F'], ref)); b = max(0, tau(R['F'][s], t[s]))
            return wavg(R, 'BGF', [1, 1, max(.3, b, a**2)])
        yield f'wF=max(tauF,rho(F,{src})^2)>.3', h2
res = {}
for key, truth, sample, R, arch in rows_:
    for name, f in rules():
        res.setdefault(name, {})[key] = rho(f(R, sample, truth), truth)
    for c in 'BGFX': res.setdefault('=' + c, {})[key] = rho(R[c], truth)
summarize(res)
