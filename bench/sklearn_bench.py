"""scikit-learn's figures for the benchmark (reported, never required).

    python3 bench/sklearn_bench.py TRAIN_X.f32 TRAIN_Y.f32 [RUNS]

Reads the dense float32 matrix bench/generate.mjs wrote (rows x 20 features, 0/1 target) and
trains, as the studio and plain TF.js do: an MLP 20->64->32->1 (Adam, learning rate 1e-3,
L2 1e-4, batch 1024, 2 epochs) and logistic regression by SGD (log loss, 2 epochs). Prints one
JSON object: per model the fit times in seconds, samples per second (rows x epochs / fit time) and
the log loss on the training rows after the last run.
"""
import json
import sys
import time
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import SGDClassifier
from sklearn.metrics import log_loss
from sklearn.neural_network import MLPClassifier

FEATURES = 20
EPOCHS = 2


def main() -> None:
    x = np.fromfile(sys.argv[1], dtype="<f4").reshape(-1, FEATURES)
    y = np.fromfile(sys.argv[2], dtype="<f4").astype(np.int64)
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    rows = len(y)
    models = {
        "mlp": lambda seed: MLPClassifier(hidden_layer_sizes=(64, 32), solver="adam", learning_rate_init=1e-3, alpha=1e-4,
                                          batch_size=1024, max_iter=EPOCHS, shuffle=True, random_state=seed),
        "logistic": lambda seed: SGDClassifier(loss="log_loss", alpha=1e-4, max_iter=EPOCHS, tol=None, shuffle=True, random_state=seed),
    }
    out = {"sklearn": sklearn.__version__, "numpy": np.__version__, "rows": rows, "epochs": EPOCHS, "models": {}}
    for name, make in models.items():
        seconds = []
        model = None
        for run in range(runs):
            model = make(run)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                start = time.perf_counter()
                model.fit(x, y)
                seconds.append(time.perf_counter() - start)
        loss = float(log_loss(y, model.predict_proba(x)))
        out["models"][name] = {
            "seconds": seconds,
            "samplesPerSecond": [rows * EPOCHS / s for s in seconds],
            "loss": loss,
        }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
