"""scikit-learn's HistGradientBoosting on a generated dataset, for gradient-boosting-sklearn.test.ts.

Usage: gbt_sklearn.py DATASET OUT_DIR
Writes OUT_DIR/train.csv and OUT_DIR/validation.csv (features..., target; 'nan' for missing)
and prints JSON: {"score": validation score} with the settings the test uses on both sides
(100 iterations, learning rate 0.1, 31 leaves, 20 per leaf, no L2, 255 bins, no early stopping).
The score is ROC AUC (binary), accuracy (multiclass) or R² (regression).
"""
import json
import sys

import numpy as np
from sklearn.datasets import make_classification, make_friedman1
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from sklearn.metrics import accuracy_score, r2_score, roc_auc_score

name, out = sys.argv[1], sys.argv[2]
rng = np.random.RandomState(0)
if name in ("binary", "binary-missing"):
    x, y = make_classification(n_samples=6000, n_features=12, n_informative=6, flip_y=0.05, random_state=0)
    if name == "binary-missing":
        x[rng.rand(*x.shape) < 0.15] = np.nan
elif name == "multiclass":
    x, y = make_classification(n_samples=6000, n_features=12, n_informative=6, n_classes=3, n_clusters_per_class=2, random_state=1)
else:
    x, y = make_friedman1(n_samples=6000, n_features=12, noise=1.0, random_state=2)
x = x.astype(np.float32)
train, validation = slice(0, 4000), slice(4000, 6000)
for part, rows in (("train", train), ("validation", validation)):
    np.savetxt(f"{out}/{part}.csv", np.column_stack([x[rows], y[rows]]), delimiter=",", fmt="%.9g")

settings = dict(learning_rate=0.1, max_iter=100, max_leaf_nodes=31, min_samples_leaf=20, l2_regularization=0.0, max_bins=255, early_stopping=False)
if name.startswith("regression"):
    loss = "absolute_error" if name == "regression-absolute" else "squared_error"
    model = HistGradientBoostingRegressor(loss=loss, **settings).fit(x[train], y[train])
    score = r2_score(y[validation], model.predict(x[validation]))
else:
    model = HistGradientBoostingClassifier(**settings).fit(x[train], y[train])
    if name == "multiclass":
        score = accuracy_score(y[validation], model.predict(x[validation]))
    else:
        score = roc_auc_score(y[validation], model.predict_proba(x[validation])[:, 1])
print(json.dumps({"score": float(score)}))
