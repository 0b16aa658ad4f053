"""scikit-learn's DecisionTree and RandomForest on generated datasets, for forest-sklearn.test.ts.

Usage: forest_sklearn.py DATASET MODEL OUT_DIR [SEEDS]
DATASET: binary, binary-missing, multiclass, regression (as gbt_sklearn.py, 3,000 train and
1,500 validation rows); MODEL: tree, tree-depth5, forest.
Writes OUT_DIR/train.csv and OUT_DIR/validation.csv (features..., target; 'nan' for missing)
and prints JSON {"scores": [...]}: the validation accuracy (classification) or R² (regression)
of scikit-learn's defaults (a forest of 100 trees), one score per seed 0 … SEEDS − 1 (default 1).
This scikit-learn's trees (before 1.3/1.4) refuse NaN, so with missing cells they get the
train part's column means plus a missing indicator per column (SimpleImputer), the usual recipe.
"""
import json
import sys

import numpy as np
from sklearn.datasets import make_classification, make_friedman1
from sklearn.ensemble import RandomForestClassifier, RandomForestRegressor
from sklearn.impute import SimpleImputer
from sklearn.metrics import accuracy_score, r2_score
from sklearn.pipeline import make_pipeline
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

name, model_name, out = sys.argv[1], sys.argv[2], sys.argv[3]
seeds = int(sys.argv[4]) if len(sys.argv) > 4 else 1
rng = np.random.RandomState(0)
if name in ("binary", "binary-missing"):
    x, y = make_classification(n_samples=4500, n_features=12, n_informative=6, flip_y=0.05, random_state=0)
    if name == "binary-missing":
        x[rng.rand(*x.shape) < 0.15] = np.nan
elif name == "multiclass":
    x, y = make_classification(n_samples=4500, n_features=12, n_informative=6, n_classes=3, n_clusters_per_class=2, random_state=1)
else:
    x, y = make_friedman1(n_samples=4500, n_features=12, noise=1.0, random_state=2)
x = x.astype(np.float32)
train, validation = slice(0, 3000), slice(3000, 4500)
for part, rows in (("train", train), ("validation", validation)):
    np.savetxt(f"{out}/{part}.csv", np.column_stack([x[rows], y[rows]]), delimiter=",", fmt="%.9g")

regression = name == "regression"
scores = []
for seed in range(seeds):
    if model_name == "forest":
        cls = RandomForestRegressor if regression else RandomForestClassifier
        model = cls(n_estimators=100, random_state=seed, n_jobs=1)
    else:
        cls = DecisionTreeRegressor if regression else DecisionTreeClassifier
        model = cls(max_depth=5 if model_name == "tree-depth5" else None, random_state=seed)
    if np.isnan(x).any():
        model = make_pipeline(SimpleImputer(strategy="mean", add_indicator=True), model)
    model.fit(x[train], y[train])
    p = model.predict(x[validation])
    scores.append(float(r2_score(y[validation], p) if regression else accuracy_score(y[validation], p)))
print(json.dumps({"scores": scores}))
