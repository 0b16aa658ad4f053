"""Gradient-boosting peers for the benchmark: scikit-learn's HistGradientBoostingClassifier and
XGBoost's `hist` trees (reported, never required). Used by bench/gbt-fit.mjs and the benchmark's
`boosting` group (bench/workloads/boosting.mjs).

    python3 bench/gbt_peers.py generate DIR ROWS FEATURES SEED
    python3 bench/gbt_peers.py fit DIR FEATURES PEER        # PEER: sklearn or xgboost

`generate` writes DIR/{train,validation}-{x,y}.f32: ROWS train rows and ROWS / 4 validation rows
of FEATURES float32 features (the first three about 5 % missing) and a 0/1 target from a
non-linear logistic model. `fit` trains PEER on DIR/train-{x,y}.f32 with the benchmark's settings
(100 iterations, learning rate 0.1, 31 leaves, 20 rows per leaf, 255 bins for the values plus
missing, no early stopping, no L2) and prints one JSON line: fit seconds (wall clock) and CPU
seconds (all the process's threads), validation ROC AUC
(on DIR/validation-{x,y}.f32), the threads (OMP_NUM_THREADS, or "all") and the peer's version;
or {"missing": module} when the peer's module cannot be imported.

XGBoost's nearest settings: grow_policy "lossguide" (leaf-wise, as scikit-learn and the studio)
with max_leaves 31 and no depth limit; max_bin 256 (it counts the missing values apart, so 256
cut points give at most 255 bins of values as the others); min_child_weight 0 and no L2, since
XGBoost has no minimum row count per leaf (its minimum is on the hessian sum).
"""
import importlib
import json
import os
import sys
import time

import numpy as np

ITERATIONS = 100
LEARNING_RATE = 0.1
LEAVES = 31
MIN_LEAF = 20


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


def model(peer: str):
    """The peer's classifier with the benchmark's settings, and its version."""
    if peer == "sklearn":
        import sklearn
        from sklearn.ensemble import HistGradientBoostingClassifier

        return HistGradientBoostingClassifier(
            learning_rate=LEARNING_RATE, max_iter=ITERATIONS, max_leaf_nodes=LEAVES, min_samples_leaf=MIN_LEAF,
            max_bins=255, l2_regularization=0.0, early_stopping=False,
        ), sklearn.__version__
    import xgboost

    threads = os.environ.get("OMP_NUM_THREADS")
    return xgboost.XGBClassifier(
        n_estimators=ITERATIONS, learning_rate=LEARNING_RATE, tree_method="hist", grow_policy="lossguide",
        max_leaves=LEAVES, max_depth=0, max_bin=256, min_child_weight=0, reg_lambda=0.0,
        n_jobs=int(threads) if threads else None,
    ), xgboost.__version__


def fit(out: str, features: int, peer: str) -> None:
    try:
        importlib.import_module({"sklearn": "sklearn", "xgboost": "xgboost"}[peer])
    except ImportError:
        print(json.dumps({"missing": peer}))
        return
    from sklearn.metrics import roc_auc_score

    read = lambda name: np.fromfile(f"{out}/{name}.f32", dtype="<f4")
    x, y = read("train-x").reshape(-1, features), read("train-y")
    vx, vy = read("validation-x").reshape(-1, features), read("validation-y")
    classifier, version = model(peer)
    start, cpu = time.perf_counter(), time.process_time()
    classifier.fit(x, y)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    auc = roc_auc_score(vy, classifier.predict_proba(vx)[:, 1])
    print(json.dumps({"seconds": seconds, "cpuSeconds": cpu, "auc": auc, "threads": os.environ.get("OMP_NUM_THREADS", "all"), "version": version}))


if __name__ == "__main__":
    if sys.argv[1] == "generate":
        generate(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]))
    else:
        fit(sys.argv[2], int(sys.argv[3]), sys.argv[4])
