"""scikit-learn's scores for the tree learners' comparison tests (in tests/unit/core/model/trees:
gradient-boosting-, decision-tree- and forest-sklearn.test.ts), run by sklearn.ts beside it.

Usage: sklearn_reference.py DATASET MODEL OUT_DIR [SEEDS]

Writes OUT_DIR/train.csv and OUT_DIR/validation.csv (features..., target; 'nan' for a missing
cell) and prints JSON {"scores": [...]}: scikit-learn's validation score, one per seed
0 ... SEEDS - 1 (default 1). The score is ROC AUC for a binary target with MODEL gbt, accuracy
for other classification, R² for regression.

MODEL: gbt and gbt-absolute (HistGradientBoosting, the settings both sides use: 100 iterations,
learning rate 0.1, 31 leaves, 20 per leaf, no L2, 255 bins, no early stopping; gbt-absolute
with the absolute error), tree and tree-depth5 (DecisionTree, defaults, no depth limit or 5),
forest (RandomForest, defaults: 100 trees).

DATASETS
- Generated (fixed seeds, 12 features; 4,000 + 2,000 rows for gbt, 3,000 + 1,500 for the
  trees): binary, binary-missing (15 % of the cells missing), multiclass (3 classes),
  regression (Friedman #1).
- Classic public datasets as scikit-learn ships them (nothing is downloaded), rows shuffled
  with seed 0, two thirds train: cancer (Wisconsin breast cancer, binary, 569 rows × 30),
  digits (10 classes, 1,797 × 64), diabetes (regression, 442 × 10), wine (3 classes,
  178 × 13). cancer-missing-text is cancer with, by a seeded rule, 10 % of the cells of the
  first ten columns missing and a text column "size" (the mean radius's quartile, written
  as a word, one word in ten drawn at random instead), given to both sides as ordinal codes of
  its sorted words, as an encoding fitted on the train part would.

scikit-learn's trees here (before 1.3/1.4) refuse NaN, so for the decision tree and the forest
the cells missing get the train part's column means plus a missing indicator per column
(SimpleImputer), the usual recipe; HistGradientBoosting takes NaN as ours do.
"""
import json
import sys

import numpy as np
from sklearn import datasets
from sklearn.ensemble import (HistGradientBoostingClassifier, HistGradientBoostingRegressor, RandomForestClassifier,
                              RandomForestRegressor)
from sklearn.impute import SimpleImputer
from sklearn.metrics import accuracy_score, r2_score, roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

GBT = dict(learning_rate=0.1, max_iter=100, max_leaf_nodes=31, min_samples_leaf=20, l2_regularization=0.0, max_bins=255,
           early_stopping=False)
CLASSIC = {"cancer": datasets.load_breast_cancer, "digits": datasets.load_digits, "diabetes": datasets.load_diabetes,
           "wine": datasets.load_wine}
SIZE_WORDS = np.array(["small", "medium", "large", "very large"])


def generated(name: str, gbt: bool):
    """The generated datasets, and the row where validation starts."""
    n, train = (6000, 4000) if gbt else (4500, 3000)
    if name in ("binary", "binary-missing"):
        x, y = datasets.make_classification(n_samples=n, n_features=12, n_informative=6, flip_y=0.05, random_state=0)
        if name == "binary-missing":
            x[np.random.RandomState(0).rand(*x.shape) < 0.15] = np.nan
    elif name == "multiclass":
        x, y = datasets.make_classification(n_samples=n, n_features=12, n_informative=6, n_classes=3, n_clusters_per_class=2,
                                            random_state=1)
    else:
        x, y = datasets.make_friedman1(n_samples=n, n_features=12, noise=1.0, random_state=2)
    return x, y, train


def classic(name: str):
    """A dataset scikit-learn ships, shuffled, and the row where validation starts."""
    base = name.removesuffix("-missing-text")
    x, y = CLASSIC[base](return_X_y=True)
    rng = np.random.RandomState(0)
    order = rng.permutation(len(y))
    x, y = x[order].astype(np.float64), y[order]
    train = (2 * len(y)) // 3
    if name.endswith("-missing-text"):
        radius = x[:, 0]
        quartile = np.searchsorted(np.quantile(radius[:train], [0.25, 0.5, 0.75]), radius, side="right")
        noise = rng.rand(len(y)) < 0.1
        quartile[noise] = rng.randint(0, 4, noise.sum())
        words = SIZE_WORDS[quartile]
        # Ordinal codes of the sorted words the train part holds.
        vocabulary = sorted(set(words[:train]))
        codes = np.array([vocabulary.index(w) for w in words], dtype=np.float64)
        x[:, :10][rng.rand(len(y), 10) < 0.1] = np.nan
        x = np.column_stack([x, codes])
    return x, y, train


def main() -> None:
    name, model_name, out = sys.argv[1], sys.argv[2], sys.argv[3]
    seeds = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    gbt = model_name.startswith("gbt")
    x, y, train_rows = classic(name) if name.removesuffix("-missing-text") in CLASSIC else generated(name, gbt)
    x = x.astype(np.float32)
    train, validation = slice(0, train_rows), slice(train_rows, len(y))
    for part, rows in (("train", train), ("validation", validation)):
        np.savetxt(f"{out}/{part}.csv", np.column_stack([x[rows], y[rows]]), delimiter=",", fmt="%.9g")

    regression = name in ("regression", "diabetes")
    binary = not regression and len(np.unique(y)) == 2
    scores = []
    for seed in range(seeds):
        if gbt:
            loss = "absolute_error" if model_name == "gbt-absolute" else "squared_error"
            model = HistGradientBoostingRegressor(loss=loss, **GBT) if regression else HistGradientBoostingClassifier(**GBT)
        elif model_name == "forest":
            model = (RandomForestRegressor if regression else RandomForestClassifier)(n_estimators=100, random_state=seed, n_jobs=1)
        else:
            depth = 5 if model_name == "tree-depth5" else None
            model = (DecisionTreeRegressor if regression else DecisionTreeClassifier)(max_depth=depth, random_state=seed)
        if not gbt and np.isnan(x).any():
            model = make_pipeline(SimpleImputer(strategy="mean", add_indicator=True), model)
        model.fit(x[train], y[train])
        if regression:
            score = r2_score(y[validation], model.predict(x[validation]))
        elif gbt and binary:
            score = roc_auc_score(y[validation], model.predict_proba(x[validation])[:, 1])
        else:
            score = accuracy_score(y[validation], model.predict(x[validation]))
        scores.append(float(score))
    print(json.dumps({"scores": scores}))


if __name__ == "__main__":
    main()
