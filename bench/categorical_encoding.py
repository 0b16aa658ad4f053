"""
How tree models should take categorical columns, measured: the studio's one-hot encoding, an
ordinal encoding fitted on the train part (categories ordered by their train target mean for a
binary or regression target, by train frequency for a multiclass one; rare, unseen and missing
categories missing), and scikit-learn's native category splits (HistGradientBoosting with
`categorical_features`), on the same rows. Measures; asserts nothing.

    /usr/bin/python3 bench/categorical_encoding.py [--seeds 5] [--bench-rows 30000] [--write DIR]

Datasets (nothing is downloaded): the bundled samples penguins (Island, Sex) and cars (Origin)
from node_modules/vega-datasets; the benchmark generator's table (bench/generate.mjs, c1 … c4);
and scikit-learn's shipped diabetes, breast cancer and wine tables, each with one numeric column
replaced by a seeded text column: its train-quantile group under shuffled names (so the names
carry no order) with 10 % of the cells missing.

Each seed splits 70/15/15; every encoding is fitted on the train part; the score is on the test
part (accuracy for classes, ROC AUC as well for two classes, R² for regression), averaged over
the seeds. Numeric columns are given as they are, missing as NaN, in every variant.

With --write DIR, each dataset, seed and encoding's matrices are written as float32 files plus
an index.json, for bench/categorical-encoding.mjs to train the studio's own learners on.
"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
from sklearn import datasets as skd
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from sklearn.metrics import accuracy_score, r2_score, roc_auc_score

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VEGA = os.path.join(ROOT, 'node_modules', 'vega-datasets', 'data')
MAX_ONE_HOT = 30
# Rows of prior weight pulling a category's target mean towards the overall mean (the studio's
# `TARGET_MEAN_PRIOR_ROWS`), so that a category seen in two rows is not ordered as an extreme.
PRIOR_ROWS = 10


def arg(name, default):
    return type(default)(sys.argv[sys.argv.index(name) + 1]) if name in sys.argv else default


def min_count(train_rows):
    return min(5, max(2, -(-train_rows * 1 // 100)))


# ---- datasets: (name, task, numeric matrix with NaN, {text column: array of str with '' missing}, y) ----

def vega(file):
    with open(os.path.join(VEGA, file)) as f:
        return json.load(f)


def penguins():
    rows = [r for r in vega('penguins.json') if r.get('Species')]
    num = ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)']
    x = np.array([[np.nan if r.get(c) is None else r[c] for c in num] for r in rows], dtype=float)
    text = {c: np.array([r.get(c) or '' for r in rows]) for c in ['Island', 'Sex']}
    classes = sorted({r['Species'] for r in rows})
    return 'penguins (Species)', 'multiclass', x, text, np.array([classes.index(r['Species']) for r in rows])


def cars():
    rows = [r for r in vega('cars.json') if r.get('Miles_per_Gallon') is not None]
    num = ['Cylinders', 'Displacement', 'Horsepower', 'Weight_in_lbs', 'Acceleration']
    x = np.array([[np.nan if r.get(c) is None else r[c] for c in num] for r in rows], dtype=float)
    text = {'Origin': np.array([r.get('Origin') or '' for r in rows])}
    return 'cars (Miles_per_Gallon)', 'regression', x, text, np.array([r['Miles_per_Gallon'] for r in rows], dtype=float)


def bench_table(rows):
    out = tempfile.mkdtemp(prefix='cat-enc-')
    subprocess.run(['node', os.path.join(ROOT, 'bench', 'generate.mjs'), '--rows', str(rows), '--train-rows', '1000', '--out', out],
                   check=True, stdout=subprocess.DEVNULL)
    with open(os.path.join(out, 'data.csv')) as f:
        header = f.readline().strip().split(',')
        cells = [line.rstrip('\n').split(',') for line in f]
    col = {h: i for i, h in enumerate(header)}
    num = [h for h in header if h.startswith('n')]
    x = np.array([[float(c[col[h]]) if c[col[h]] != '' else np.nan for h in num] for c in cells])
    text = {h: np.array([c[col[h]] for c in cells]) for h in ['c1', 'c2', 'c3', 'c4']}
    return f'bench generator, {rows:,} rows (target)', 'binary', x, text, np.array([int(c[col['target']]) for c in cells])


def with_text_column(name, task, bunch, column, groups, seed=7):
    """One numeric column replaced by its quantile group under shuffled names, 10 % missing."""
    rng = np.random.default_rng(seed)
    names = list(bunch.feature_names)
    j = names.index(column)
    v = bunch.data[:, j]
    cuts = np.quantile(v, np.linspace(0, 1, groups + 1)[1:-1])
    group = np.searchsorted(cuts, v, side='right')
    labels = np.array([f'g{k:02d}' for k in rng.permutation(groups)])
    text = labels[group].astype(object)
    text[rng.random(len(v)) < 0.10] = ''
    x = np.delete(bunch.data, j, axis=1)
    return f'{name} ({column} as {groups} text groups)', task, x, {column: text.astype(str)}, bunch.target


def sklearn_tables():
    return [
        with_text_column('diabetes', 'regression', skd.load_diabetes(), 'bmi', 16),
        with_text_column('breast cancer', 'binary', skd.load_breast_cancer(), 'worst concave points', 20),
        with_text_column('wine', 'multiclass', skd.load_wine(), 'proline', 12),
    ]


# ---- encodings, fitted on the train rows ----

def one_hot(text, train):
    """The studio's one-hot: up to 30 categories seen in ≥ min_count train rows, missing → mode."""
    cols = []
    for values in text.values():
        tv = values[train]
        present, counts = np.unique(tv[tv != ''], return_counts=True)
        order = sorted(zip(present, counts), key=lambda t: (-t[1], t[0]))
        mode = order[0][0]
        keep = [c for i, (c, n) in enumerate(order) if n >= min_count(len(train)) or i == 0][:MAX_ONE_HOT]
        filled = np.where(values == '', mode, values)
        cols += [(filled == c).astype(float) for c in keep]
    return np.stack(cols, axis=1)


def order_of(values, train, y, task):
    tv = values[train]
    present, counts = np.unique(tv[tv != ''], return_counts=True)
    keep = [c for c, n in zip(present, counts) if n >= min_count(len(train))] or [present[np.argmax(counts)]]
    if task == 'multiclass':
        count = dict(zip(present, counts))
        return sorted(keep, key=lambda c: (-count[c], c))
    yt = y[train].astype(float)
    prior = yt.mean()
    def mean(c):
        m = tv == c
        return (yt[m].sum() + PRIOR_ROWS * prior) / (m.sum() + PRIOR_ROWS)
    return sorted(keep, key=lambda c: (mean(c), c))


def ordinal(text, train, y, task):
    cols = []
    for values in text.values():
        code = {c: i for i, c in enumerate(order_of(values, train, y, task))}
        cols.append(np.array([code.get(v, np.nan) for v in values], dtype=float))
    return np.stack(cols, axis=1)


# ---- scoring ----

def score(task, model, x, y):
    if task == 'regression':
        return {'r2': r2_score(y, model.predict(x))}
    out = {'accuracy': accuracy_score(y, model.predict(x))}
    if task == 'binary':
        out['auc'] = roc_auc_score(y, model.predict_proba(x)[:, 1])
    return out


def hgb(task, seed, categorical=None):
    kw = dict(max_iter=100, early_stopping=False, random_state=seed, categorical_features=categorical)
    return HistGradientBoostingRegressor(**kw) if task == 'regression' else HistGradientBoostingClassifier(**kw)


def split(n, seed):
    p = np.random.default_rng(seed).permutation(n)
    a, b = int(n * 0.7), int(n * 0.85)
    return p[:a], p[a:b], p[b:]


def main():
    seeds = arg('--seeds', 5)
    write = arg('--write', '')
    tables = [penguins(), cars(), bench_table(arg('--bench-rows', 30000))] + sklearn_tables()
    index = []
    report = []
    for name, task, x, text, y in tables:
        sums = {}
        widths = {}
        for seed in range(seeds):
            train, valid, test = split(len(y), seed)
            variants = {
                'one-hot': np.hstack([x, one_hot(text, train)]),
                'ordinal (train order)': np.hstack([x, ordinal(text, train, y, task)]),
            }
            # Native splits: codes in any order (here by frequency), flagged categorical.
            native = np.hstack([x, ordinal(text, train, y, 'multiclass')])
            mask = np.array([False] * x.shape[1] + [True] * len(text))
            runs = {k: (hgb(task, seed), v) for k, v in variants.items()}
            runs['native (sklearn categorical_features)'] = (hgb(task, seed, mask), native)
            for k, (model, m) in runs.items():
                model.fit(m[train], y[train])
                s = score(task, model, m[test], y[test])
                for metric, value in s.items():
                    sums.setdefault(k, {}).setdefault(metric, []).append(value)
                widths[k] = m.shape[1]
            if write:
                for k, m in variants.items():
                    stem = f'{len(index):03d}'
                    for part, rows in (('train', train), ('validation', valid), ('test', test)):
                        m[rows].astype(np.float32).tofile(os.path.join(write, f'{stem}-{part}-x.f32'))
                        y[rows].astype(np.float32).tofile(os.path.join(write, f'{stem}-{part}-y.f32'))
                    index.append({'stem': stem, 'dataset': name, 'task': task, 'encoding': k, 'seed': seed,
                                  'width': int(m.shape[1]), 'classes': int(len(np.unique(y))) if task != 'regression' else 0})
        report.append({'dataset': name, 'task': task, 'rows': int(len(y)),
                       'results': {k: {'width': widths[k], **{m: float(np.mean(v)) for m, v in ms.items()}} for k, ms in sums.items()}})
    if write:
        with open(os.path.join(write, 'index.json'), 'w') as f:
            json.dump(index, f)
    print(json.dumps(report, indent=1))


if __name__ == '__main__':
    main()
