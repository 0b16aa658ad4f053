"""scikit-learn's side of sklearn-parity.test.ts.

Usage: python3 sklearn_parity.py INPUT.json

INPUT.json holds the raw rows the studio trained and validated on (after its split), never its
design matrix:

    {"task": "classification" | "regression", "target": "...",
     "numeric": [...], "dates": [...], "categorical": [...],
     "models": ["logistic-regression" | "linear-regression" | "mlp", ...],
     "train": [{column: value, ...}, ...], "validation": [...], "test": [...]}

Numbers are JSON numbers (null = missing), dates ISO text (read as milliseconds since 1970, as
the studio reads a date feature), text is text (null = missing). The rows go through scikit-learn's
usual pipeline with its defaults: numeric → SimpleImputer(median) → StandardScaler; text →
SimpleImputer(most_frequent) → OneHotEncoder(handle_unknown='ignore'); then the model.
Prints {"scores": {model: validation accuracy or R²}, "train_scores": {...}, "test_scores": {...},
"rows": {...}}.
"""

import json
import sys
import warnings
from datetime import datetime, timezone

import numpy as np
from sklearn.compose import ColumnTransformer
from sklearn.exceptions import ConvergenceWarning
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler


def epoch_ms(text):
    if text is None:
        return np.nan
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.timestamp() * 1000.0


def matrix(rows, numeric, dates, categorical):
    """An object array: numeric and date columns first (as floats, NaN missing), then text (NaN missing)."""
    out = np.empty((len(rows), len(numeric) + len(dates) + len(categorical)), dtype=object)
    for i, row in enumerate(rows):
        j = 0
        for name in numeric:
            v = row.get(name)
            out[i, j] = np.nan if v is None else float(v)
            j += 1
        for name in dates:
            out[i, j] = epoch_ms(row.get(name))
            j += 1
        for name in categorical:
            v = row.get(name)
            out[i, j] = np.nan if v is None or v == "" else str(v)
            j += 1
    return out


def to_float(a):
    return np.asarray(a, dtype=float)


def preprocessing(n_numeric, n_categorical):
    parts = []
    if n_numeric:
        parts.append(
            (
                "numeric",
                Pipeline(
                    [
                        ("float", FunctionTransformer(to_float)),
                        ("impute", SimpleImputer(strategy="median")),
                        ("scale", StandardScaler()),
                    ]
                ),
                list(range(n_numeric)),
            )
        )
    if n_categorical:
        parts.append(
            (
                "categorical",
                Pipeline(
                    [
                        ("impute", SimpleImputer(strategy="most_frequent")),
                        ("onehot", OneHotEncoder(handle_unknown="ignore")),
                    ]
                ),
                list(range(n_numeric, n_numeric + n_categorical)),
            )
        )
    return ColumnTransformer(parts)


def model(kind, task):
    if task == "classification":
        if kind == "logistic-regression":
            return LogisticRegression(max_iter=1000)
        if kind == "mlp":
            return MLPClassifier(random_state=0, max_iter=500)
    else:
        if kind == "linear-regression":
            return LinearRegression()
        if kind == "mlp":
            return MLPRegressor(random_state=0, max_iter=500)
    raise SystemExit(f"no scikit-learn model for {kind} / {task}")


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        spec = json.load(f)
    task = spec["task"]
    numeric, dates, categorical = spec["numeric"], spec["dates"], spec["categorical"]
    x_train = matrix(spec["train"], numeric, dates, categorical)
    x_validation = matrix(spec["validation"], numeric, dates, categorical)
    x_test = matrix(spec["test"], numeric, dates, categorical)
    target = spec["target"]

    def labels(rows):
        if task == "classification":
            return np.array([str(r[target]) for r in rows], dtype=object)
        return np.array([float(r[target]) for r in rows])

    y_train, y_validation, y_test = labels(spec["train"]), labels(spec["validation"]), labels(spec["test"])

    scores, train_scores, test_scores = {}, {}, {}
    for kind in spec["models"]:
        pipe = Pipeline(
            [
                ("prep", preprocessing(len(numeric) + len(dates), len(categorical))),
                ("model", model(kind, task)),
            ]
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            pipe.fit(x_train, y_train)
        # score() is accuracy for classifiers and R² for regressors.
        scores[kind] = float(pipe.score(x_validation, y_validation))
        train_scores[kind] = float(pipe.score(x_train, y_train))
        test_scores[kind] = float(pipe.score(x_test, y_test))

    json.dump(
        {
            "scores": scores,
            "train_scores": train_scores,
            "test_scores": test_scores,
            "rows": {"train": len(y_train), "validation": len(y_validation), "test": len(y_test)},
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
