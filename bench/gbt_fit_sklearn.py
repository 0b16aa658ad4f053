"""Gradient-boosting fit time, scikit-learn's side (see bench/gbt-fit.mjs; reported, never required).

    python3 bench/gbt_fit_sklearn.py generate DIR ROWS FEATURES SEED
    python3 bench/gbt_fit_sklearn.py fit DIR FEATURES

`generate` writes DIR/{train,validation}-{x,y}.f32: ROWS train rows and ROWS / 4 validation rows
of FEATURES float32 features (the first three about 5 % missing) and a 0/1 target from a
non-linear logistic model. `fit` trains HistGradientBoostingClassifier with the benchmark's
settings (100 iterations, learning rate 0.1, 31 leaves, 20 per leaf, 255 bins, no early
stopping) and prints JSON: fit seconds, validation ROC AUC, threads (OpenMP's, from the
environment).
"""
import json
import os
import sys
import time

import numpy as np


def generate(out: str, rows: int, features: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    total = rows + rows // 4
    x = rng.standard_normal((total, features)).astype(np.float32)
    logit = x[:, 0] - 0.8 * x[:, 1] + 0.6 * x[:, 2] * x[:, 3] + np.sin(2 * x[:, 4]) + 0.5 * np.abs(x[:, 5]) - 0.4
    y = (rng.random(total) < 1 / (1 + np.exp(-2 * logit))).astype(np.float32)
    x[:, :3][rng.random((total, 3)) < 0.05] = np.nan
    for part, rows_ in (("train", slice(0, rows)), ("validation", slice(rows, total))):
        x[rows_].tofile(f"{out}/{part}-x.f32")
        y[rows_].tofile(f"{out}/{part}-y.f32")


def fit(out: str, features: int) -> None:
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.metrics import roc_auc_score

    read = lambda name: np.fromfile(f"{out}/{name}.f32", dtype="<f4")
    x, y = read("train-x").reshape(-1, features), read("train-y")
    vx, vy = read("validation-x").reshape(-1, features), read("validation-y")
    model = HistGradientBoostingClassifier(
        learning_rate=0.1, max_iter=100, max_leaf_nodes=31, min_samples_leaf=20, max_bins=255, early_stopping=False
    )
    start = time.perf_counter()
    model.fit(x, y)
    seconds = time.perf_counter() - start
    auc = roc_auc_score(vy, model.predict_proba(vx)[:, 1])
    print(json.dumps({"seconds": seconds, "auc": auc, "threads": os.environ.get("OMP_NUM_THREADS", "all")}))


if __name__ == "__main__":
    if sys.argv[1] == "generate":
        generate(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]))
    else:
        fit(sys.argv[2], int(sys.argv[3]))
