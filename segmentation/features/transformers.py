"""Small scikit-learn transformers the feature pipeline needs and sklearn lacks.

Each follows the estimator contract: ``__init__`` stores parameters, ``fit`` learns
attributes ending in ``_`` and returns self, ``transform`` checks it is fitted.
Missing values pass through untouched (imputation comes later in the pipeline).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, OneToOneFeatureMixin, TransformerMixin
from sklearn.utils.validation import check_is_fitted, validate_data

__all__ = ("DaysSince", "QuantileClipper", "SkewLog1p", "ToFloat", "ToText", "Weight")


class SkewLog1p(OneToOneFeatureMixin, TransformerMixin, BaseEstimator):
    """Apply ``log1p`` to the non-negative columns whose skew is above a threshold.

    Parameters
    ----------
    mode : {"auto", "on", "off"}, default "auto"
        ``auto`` transforms a column when its skewness exceeds ``threshold``;
        ``on`` transforms every non-negative column; ``off`` none.
    threshold : float, default 1.0
        Skewness above which ``auto`` transforms.

    Attributes
    ----------
    columns_ : ndarray of bool
        Which columns are transformed.

    Examples
    --------
    >>> x = np.array([[1.0, 1.0], [2.0, 2.0], [3.0, 3.0], [1000.0, 4.0]])
    >>> SkewLog1p().fit(x).columns_.tolist()
    [True, False]
    """

    def __init__(self, mode: str = "auto", threshold: float = 1.0) -> None:
        self.mode = mode
        self.threshold = threshold

    def fit(self, X, y=None):  # noqa: N803 - scikit-learn's argument name
        """Decide, per column, whether to transform."""
        x = validate_data(self, X, ensure_all_finite="allow-nan", dtype=np.float64)
        non_negative = ~(np.nanmin(x, axis=0, initial=np.inf) < 0)
        if self.mode == "off":
            chosen = np.zeros(x.shape[1], dtype=bool)
        elif self.mode == "on":
            chosen = non_negative
        else:
            skew = pd.DataFrame(x).skew(skipna=True).fillna(0.0).to_numpy()
            chosen = non_negative & (skew > self.threshold)
        self.columns_ = chosen
        return self

    def transform(self, X):  # noqa: N803
        """Apply ``log1p`` to the chosen columns (negative values are left as is)."""
        check_is_fitted(self)
        x = validate_data(
            self, X, reset=False, ensure_all_finite="allow-nan", dtype=np.float64
        ).copy()
        chosen = x[:, self.columns_]
        x[:, self.columns_] = np.where(chosen >= 0, np.log1p(np.abs(chosen)), chosen)
        return x

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        return tags


class QuantileClipper(OneToOneFeatureMixin, TransformerMixin, BaseEstimator):
    """Clip each column to quantiles learnt at fit time.

    Parameters
    ----------
    lower, upper : float, default 0.01 and 0.99
        The quantiles to clip at.

    Attributes
    ----------
    low_, high_ : ndarray
        Per-column clipping bounds.

    Examples
    --------
    >>> x = np.arange(101, dtype=float).reshape(-1, 1)
    >>> QuantileClipper(0.1, 0.9).fit(x).transform(np.array([[-5.0], [500.0]])).ravel()
    array([10., 90.])
    """

    def __init__(self, lower: float = 0.01, upper: float = 0.99) -> None:
        self.lower = lower
        self.upper = upper

    def fit(self, X, y=None):  # noqa: N803
        """Learn the bounds."""
        x = validate_data(self, X, ensure_all_finite="allow-nan", dtype=np.float64)
        with np.errstate(all="ignore"):
            import warnings

            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                self.low_ = np.nanquantile(x, self.lower, axis=0)
                self.high_ = np.nanquantile(x, self.upper, axis=0)
        return self

    def transform(self, X):  # noqa: N803
        """Clip to the bounds; NaN stays NaN."""
        check_is_fitted(self)
        x = validate_data(
            self, X, reset=False, ensure_all_finite="allow-nan", dtype=np.float64
        )
        low = np.where(np.isnan(self.low_), -np.inf, self.low_)
        high = np.where(np.isnan(self.high_), np.inf, self.high_)
        return np.clip(x, low, high)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        return tags


class Weight(OneToOneFeatureMixin, TransformerMixin, BaseEstimator):
    """Multiply every column by one factor (a criteria family's weight).

    Examples
    --------
    >>> Weight(2.0).fit_transform(np.array([[1.0, -3.0]]))
    array([[ 2., -6.]])
    """

    def __init__(self, factor: float = 1.0) -> None:
        self.factor = factor

    def fit(self, X, y=None):  # noqa: N803
        """Record the input width."""
        validate_data(self, X, ensure_all_finite="allow-nan", dtype=np.float64)
        return self

    def transform(self, X):  # noqa: N803
        """Scale."""
        check_is_fitted(self, "n_features_in_")
        x = validate_data(
            self, X, reset=False, ensure_all_finite="allow-nan", dtype=np.float64
        )
        return x * self.factor

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        return tags


class _FrameStep(OneToOneFeatureMixin, TransformerMixin, BaseEstimator):
    """A column-wise conversion of a DataFrame (no learning beyond the columns)."""

    def fit(self, X, y=None):  # noqa: N803
        """Record the columns."""
        frame = pd.DataFrame(X)
        self.feature_names_in_ = np.asarray(frame.columns, dtype=object)
        self.n_features_in_ = frame.shape[1]
        self._learn(frame)
        return self

    def _learn(self, frame: pd.DataFrame) -> None:
        """Learn what the conversion needs (nothing by default)."""


class ToFloat(_FrameStep):
    """Turn booleans (nullable too) and numbers into float64, missing as NaN.

    Examples
    --------
    >>> ToFloat().fit_transform(pd.DataFrame({"b": pd.array([True, None], "boolean")}))
    array([[ 1.],
           [nan]])
    """

    def transform(self, X):  # noqa: N803
        """Convert."""
        check_is_fitted(self, "n_features_in_")
        frame = pd.DataFrame(X)
        return (
            np.column_stack(
                [
                    pd.to_numeric(frame[c], errors="coerce").astype("float64")
                    for c in frame
                ]
            )
            if len(frame.columns)
            else np.empty((len(frame), 0))
        )


class ToText(_FrameStep):
    """Turn category labels into plain Python strings, missing as ``"(missing)"``.

    Examples
    --------
    >>> ToText().fit_transform(pd.DataFrame({"c": ["a", None]})).tolist()
    [['a'], ['(missing)']]
    """

    def transform(self, X):  # noqa: N803
        """Convert."""
        check_is_fitted(self, "n_features_in_")
        frame = pd.DataFrame(X)
        out = np.empty(frame.shape, dtype=object)
        for i, column in enumerate(frame.columns):
            values = frame[column].astype("object")
            out[:, i] = values.where(values.notna(), "(missing)").astype(str).to_numpy()
        return out


class DaysSince(_FrameStep):
    """Turn dates into days before a reference day ("days since").

    Parameters
    ----------
    as_of : str, optional
        The reference day (``YYYY-MM-DD``); by default the day after the latest
        date seen at fit time, so the most recent date is 1 day ago.

    Attributes
    ----------
    reference_ : pandas.Timestamp

    Examples
    --------
    >>> d = pd.DataFrame({"signup": pd.to_datetime(["2024-01-01", "2024-01-11"])})
    >>> DaysSince().fit_transform(d).ravel().tolist()
    [11.0, 1.0]
    """

    def __init__(self, as_of: str | None = None) -> None:
        self.as_of = as_of

    def _learn(self, frame: pd.DataFrame) -> None:
        if self.as_of is not None:
            self.reference_ = pd.Timestamp(self.as_of)
            return
        latest = [pd.to_datetime(frame[c], errors="coerce").max() for c in frame]
        latest = [d for d in latest if pd.notna(d)]
        day = max(latest).normalize() if latest else pd.Timestamp("1970-01-01")
        self.reference_ = day + pd.Timedelta(days=1)

    def transform(self, X):  # noqa: N803
        """Convert to float days; missing dates stay NaN."""
        check_is_fitted(self, "reference_")
        frame = pd.DataFrame(X)
        columns = []
        for column in frame.columns:
            dates = pd.to_datetime(frame[column], errors="coerce")
            columns.append(
                ((self.reference_ - dates).dt.total_seconds() / 86400).to_numpy()
            )
        return np.column_stack(columns) if columns else np.empty((len(frame), 0))
