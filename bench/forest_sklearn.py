"""scikit-learn's side of bench/forest.ts (run by it with --with-sklearn).

    /usr/bin/python3 bench/forest_sklearn.py TREES SYNTH_TRAIN.csv SYNTH_TEST.csv [BANK_TRAIN.csv BANK_TEST.csv]

Each CSV holds the feature columns then `y` (0/1), as bench/forest.ts wrote them from the same
tables relance trained on. For each data set: RandomForestClassifier(n_estimators=TREES,
n_jobs=1, random_state=0) fitted on the train file (time of .fit only, the CSV read excluded),
predict_proba on the test file (timed), ROC AUC of its class-1 column, mean node count.
Prints one JSON line. Needs Debian's python3-sklearn (1.2.1), not a pyenv interpreter.
"""
import json
import sys
import time

import numpy as np
import pandas as pd
import sklearn
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import roc_auc_score


def load(path):
    frame = pd.read_csv(path)
    y = frame.pop("y").to_numpy()
    return np.ascontiguousarray(frame.to_numpy(dtype=np.float64)), y


def measure(name, trees, train_path, test_path):
    x_train, y_train = load(train_path)
    x_test, y_test = load(test_path)
    forest = RandomForestClassifier(n_estimators=trees, n_jobs=1, random_state=0)
    t0 = time.perf_counter()
    forest.fit(x_train, y_train)
    fit_seconds = time.perf_counter() - t0
    t0 = time.perf_counter()
    scores = forest.predict_proba(x_test)[:, 1]
    predict_seconds = time.perf_counter() - t0
    return {
        f"{name}FitSeconds": round(fit_seconds, 3),
        f"{name}TestRocAuc": round(roc_auc_score(y_test, scores), 4),
        f"{name}MeanNodes": round(float(np.mean([t.tree_.node_count for t in forest.estimators_]))),
        f"{name}PredictRowsPerSecond": round(len(y_test) / predict_seconds),
    }


def main():
    trees = int(sys.argv[1])
    files = sys.argv[2:]
    result = {"version": sklearn.__version__}
    # The bank data first, as bench/forest.ts does.
    if len(files) >= 4:
        result.update(measure("bank", trees, files[2], files[3]))
    result.update(measure("synthetic", trees, files[0], files[1]))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
