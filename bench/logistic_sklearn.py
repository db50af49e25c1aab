"""scikit-learn's side of bench/logistic.ts (run by it with --with-sklearn).

    /usr/bin/python3 bench/logistic_sklearn.py RELANCE_FITS.json SYNTH_TRAIN.csv SYNTH_TEST.csv [BANK_TRAIN.csv BANK_TEST.csv]

Each CSV holds the feature columns then `y` (0/1), as bench/logistic.ts wrote them from the
same tables relance trained on; RELANCE_FITS.json holds relance's intercept and coefficients
(standardised scale) per data set. For each data set and each solver, `lbfgs` (the default)
and `newton-cholesky`: StandardScaler().fit_transform on the train rows then
LogisticRegression(C=1, tol=1e-10, max_iter=10000, solver) .fit, timed together (wall and CPU;
the CSV read excluded), as relance's fit standardises too (tests/fixtures/sklearn/
logistic_reference.py); predict_proba(scaler.transform(X_test)) timed, best of five; test ROC AUC
of the class-1 column; the objective C·Σ logloss + ½‖w‖² on the standardised train rows and its
largest gradient component, at each solver's solution and at relance's.
bench/logistic.ts runs this on one thread (OMP_NUM_THREADS=1). Prints one JSON line.
Needs Debian's python3-sklearn (1.2.1), not a pyenv interpreter.
"""
import json
import sys
import time

import numpy as np
import pandas as pd
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.preprocessing import StandardScaler

C = 1.0
TOL = 1e-10
MAX_ITER = 10000
SOLVERS = ["lbfgs", "newton-cholesky"]
PREDICT_REPEATS = 5


def load(path):
    frame = pd.read_csv(path)
    y = frame.pop("y").to_numpy()
    return np.ascontiguousarray(frame.to_numpy(dtype=np.float64)), y


def objective(xs, y, intercept, coef):
    """C·Σ logloss + ½‖w‖² (scikit-learn's objective on the sum scale) and its largest gradient component."""
    z = xs @ coef + intercept
    p = 1 / (1 + np.exp(-z))
    g = np.concatenate([C * (xs.T @ (p - y)) + coef, [C * np.sum(p - y)]])
    return float(C * np.sum(np.logaddexp(0, z) - y * z) + 0.5 * coef @ coef), float(np.abs(g).max())


def measure(train_path, test_path, relance_fit):
    x_train, y_train = load(train_path)
    x_test, y_test = load(test_path)
    out = {}
    xs = None
    for solver in SOLVERS:
        w0, c0 = time.perf_counter(), time.process_time()
        scaler = StandardScaler()
        xs = scaler.fit_transform(x_train)
        model = LogisticRegression(C=C, tol=TOL, max_iter=MAX_ITER, solver=solver).fit(xs, y_train)
        fit_seconds, fit_cpu_seconds = time.perf_counter() - w0, time.process_time() - c0
        scores = model.predict_proba(scaler.transform(x_test))[:, 1]
        best = float("inf")
        for _ in range(PREDICT_REPEATS):
            t0 = time.perf_counter()
            model.predict_proba(scaler.transform(x_test))
            best = min(best, time.perf_counter() - t0)
        f, g = objective(xs, y_train, model.intercept_[0], model.coef_[0])
        out[solver] = {
            "fitSeconds": round(fit_seconds, 3),
            "fitCpuSeconds": round(fit_cpu_seconds, 3),
            "iterations": int(model.n_iter_[0]),
            "objective": f,
            "gradientMaxAbs": float(f"{g:.3g}"),
            "testRocAuc": round(float(roc_auc_score(y_test, scores)), 6),
            "predictRowsPerSecond": round(len(y_test) / best),
        }
    f, g = objective(xs, y_train, relance_fit["intercept"], np.asarray(relance_fit["coefficients"], dtype=np.float64))
    out["relance"] = {"objective": f, "gradientMaxAbs": float(f"{g:.3g}")}
    return out


def main():
    with open(sys.argv[1]) as f:
        relance_fits = json.load(f)
    files = sys.argv[2:]
    result = {"version": sklearn.__version__}
    # The bank data first, as bench/logistic.ts does.
    if len(files) >= 4:
        result["bank"] = measure(files[2], files[3], relance_fits["bank"])
    result["synthetic"] = measure(files[0], files[1], relance_fits["synthetic"])
    print(json.dumps(result))


if __name__ == "__main__":
    main()
