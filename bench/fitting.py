"""Logistic regression by full-batch gradient descent, shared by the cue-weight fitters."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import orjson


def fit(
    data: list[tuple[dict[str, float], int]],
    l2: float = 0.003,
    epochs: int = 3000,
    lr: float = 2.0,
    max_pos_weight: float = 1.5,
) -> dict[str, float]:
    """Weights (one per feature name) that predict the labels; rare positives weighed up a little."""
    keys = sorted({k for f, _ in data for k in f})
    x = np.array([[f.get(k, 0.0) for k in keys] for f, _ in data])
    y = np.array([lab for _, lab in data], dtype=float)
    pos = max(1.0, y.sum())
    weight_pos = max(1.0, min(max_pos_weight, (len(y) - pos) / pos))
    sw = np.where(y > 0, weight_pos, 1.0)
    w = np.zeros(len(keys))
    for _ in range(epochs):
        p = 1 / (1 + np.exp(-np.clip(x @ w, -30, 30)))
        grad = x.T @ ((p - y) * sw) / len(y) + l2 * w
        w -= lr * grad
    return {k: round(float(v), 4) for k, v in zip(keys, w, strict=True)}


def probability(f: dict[str, float], w: dict[str, float]) -> float:
    """What the shipped models compute: the logistic of the weighted cues, clamped like theirs."""
    z = sum(w.get(k, 0.0) * v for k, v in f.items())
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def write_weights(name: str, weights: dict) -> Path:
    """Save fitted weights where the pipeline loads them (``streams/core/<name>``), sorted."""
    out = Path(__file__).resolve().parent.parent / "streams" / "core" / name
    out.write_bytes(orjson.dumps(weights, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n")
    return out


def predict(f: dict[str, float], w: dict[str, float]) -> bool:
    return sum(w.get(k, 0.0) * v for k, v in f.items()) >= 0


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)
