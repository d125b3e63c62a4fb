"""SegmentationModel: a recipe fitted on a customer table, to label new customers.

The model holds the recipe, the schema of the columns it reads, the fitted feature
transformer and the fitted :class:`~segmentation.cluster.segmenter.Segmenter`. It saves
to one ``.zip`` file that loading never executes:

- ``recipe.json`` and ``model.json`` (format version, schema, figures): plain JSON;
- ``pipeline.skops``: the transformer and segmenter in the skops format, which
  rebuilds only the types it is told to trust. :data:`TRUSTED_TYPES` lists ours
  and the scikit-learn and NumPy types a model uses; a file naming any other type
  is refused with :class:`~segmentation.errors.InputError`, as is a file that is
  not a model at all. There is no pickle anywhere.

The training rows' labels are not saved (they describe the training table, not
the model). An HDBSCAN model keeps the (transformed) rows it was fitted on, at most
10,000: it labels new rows by their nearest fitted row.
"""

from __future__ import annotations

import copy
import io
import json
import zipfile
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path
from types import MappingProxyType
from typing import Any, Self

import numpy as np
import pandas as pd
import sklearn
from sklearn.pipeline import Pipeline

from segmentation import workflow
from segmentation.cluster.segmenter import Segmenter
from segmentation.errors import InputError
from segmentation.features.transformers import DaysSince
from segmentation.recipe import Recipe
from segmentation.schema.infer import ColumnSchema, Schema

__all__ = ("FORMAT", "FORMAT_VERSION", "TRUSTED_TYPES", "SegmentationModel")

FORMAT = "segmentation-studio-model"
FORMAT_VERSION = 1
#: Types a saved model may contain beyond the ones skops trusts by default
#: (Python builtins, NumPy arrays, scikit-learn estimators).
TRUSTED_TYPES = (
    "numpy.dtype",
    "segmentation.cluster.segmenter.Segmenter",
    "segmentation.features.transformers.DaysSince",
    "segmentation.features.transformers.QuantileClipper",
    "segmentation.features.transformers.SkewLog1p",
    "segmentation.features.transformers.ToFloat",
    "segmentation.features.transformers.ToText",
    "segmentation.features.transformers.Weight",
)
_PARTS = ("recipe.json", "model.json", "pipeline.skops")
#: Where the classes of models saved by earlier versions live now (the library
#: moved from flat modules into subpackages; the skops schema names the module).
MOVED_MODULES = MappingProxyType(
    {
        "segmentation.cluster": "segmentation.cluster.segmenter",
        "segmentation.transformers": "segmentation.features.transformers",
    }
)


class SegmentationModel:
    """A recipe fitted on a customer table: labels its rows, predicts new ones.

    Parameters
    ----------
    recipe : Recipe
        Features, preprocessing, algorithm, k and seed.

    Attributes
    ----------
    labels_ : ndarray of int
        Segment of each row fitted on (0 = largest; -1 = unassigned). Not saved.
    n_segments_ : int
    notes_ : tuple of str
        How the segments were reached (sampling on large data).
    schema_ : Schema
        Roles of the customer-table columns the model reads.
    transformer_ : ColumnTransformer
        Table -> feature matrix.
    segmenter_ : Segmenter
        Feature matrix -> segments.

    Examples
    --------
    >>> from segmentation.recipe import Feature
    >>> df = pd.DataFrame({"spend": ["1", "2", "3", "50", "51", "52", "53"]})
    >>> recipe = Recipe(features=(Feature("spend", "numeric", "behavioral"),), k=2)
    >>> model = SegmentationModel(recipe).fit(df)
    >>> model.labels_.tolist(), model.n_segments_
    ([1, 1, 1, 0, 0, 0, 0], 2)
    >>> model.predict(pd.DataFrame({"spend": ["49", "4"]})).tolist()
    [0, 1]
    """

    def __init__(self, recipe: Recipe) -> None:
        self.recipe = recipe

    def fit(
        self,
        df: pd.DataFrame,
        transactions: pd.DataFrame | None = None,
        *,
        decimal: str = ".",
        log_decimal: str = ".",
    ) -> Self:
        """Prepare the table and find its segments.

        Parameters
        ----------
        df : DataFrame
            The customer table as :func:`segmentation.read_table` gives it.
        transactions : DataFrame, optional
            The transaction log, when the recipe maps one.
        decimal, log_decimal : {".", ","}, default "."
            How the table's numbers and the log's amounts write their decimals
            (each file's ``TableInfo.decimal``).

        Returns
        -------
        SegmentationModel
            self, fitted.
        """
        prepared = workflow.prepare_for(
            df,
            self.recipe,
            transactions=transactions,
            decimal=decimal,
            log_decimal=log_decimal,
        )
        return self.fit_prepared(prepared, df.columns if df is not None else ())

    def fit_prepared(
        self, prepared: workflow.Prepared, columns: Iterable[str] = ()
    ) -> Self:
        """Find the segments of a table already prepared with this recipe.

        Parameters
        ----------
        prepared : Prepared
            From ``workflow.prepare_for(df, self.recipe, ...)``.
        columns : iterable of str
            The columns of the customer table as read (the model keeps their
            schema, to check new tables against).

        Returns
        -------
        SegmentationModel
            self, fitted.
        """
        self.segmenter_ = workflow.cluster_matrix(prepared.matrix, self.recipe)
        own = set(columns)
        self.schema_ = Schema(
            columns=tuple(c for c in prepared.schema.columns if c.name in own),
            rows=len(prepared.table),
        )
        self.transformer_ = prepared.transformer
        self.labels_ = self.segmenter_.labels_
        self.n_segments_ = self.segmenter_.n_segments_
        self.notes_ = tuple(self.segmenter_.notes_)
        return self

    def predict(
        self,
        df: pd.DataFrame,
        transactions: pd.DataFrame | None = None,
        *,
        log_decimal: str = ".",
        behaviour_table: pd.DataFrame | None = None,
        check_match: bool = True,
    ) -> np.ndarray:
        """Segment of each row of a new table with the same columns.

        Parameters
        ----------
        df : DataFrame
            A customer table as read (text cells) with the model's feature columns.
        transactions : DataFrame, optional
            Their transaction log, when the recipe maps one.
        log_decimal : {".", ","}, default "."
            How the log's amounts write their decimals. The table's numbers are
            read as at fit time (the model keeps their schema).
        behaviour_table, check_match
            For a table labelled in chunks: the log's behaviour computed once,
            and whether to refuse a poor join per chunk (see
            :func:`segmentation.workflow.segmentation_table`).

        Returns
        -------
        ndarray of int
            One label per row, in order.
        """
        if not hasattr(self, "segmenter_"):
            raise InputError("Fit the model (or load a saved one) before predicting.")
        if df is not None:
            missing = [n for n in self.schema_.names if n not in df.columns]
            if missing:
                raise InputError(
                    "The data lacks the model's column(s): " + ", ".join(missing) + "."
                )
            df = df[self.schema_.names]
        table, _ = workflow.segmentation_table(
            df,
            self.schema_,
            self.recipe,
            transactions,
            log_decimal=log_decimal,
            behaviour_table=behaviour_table,
            check_match=check_match,
        )
        return self.segmenter_.predict(self.transformer_.transform(table))

    def save(self, path: str | Path) -> None:
        """Write the model to one file (a zip of JSON and skops parts; no pickle).

        Raises
        ------
        InputError
            When the model is not fitted or the file cannot be written.
        """
        data = self.to_bytes()
        try:
            Path(path).write_bytes(data)
        except OSError as exc:
            raise InputError(f"{path}: cannot write ({exc.strerror or exc}).") from None

    def to_bytes(self) -> bytes:
        """Return the model file's bytes, as :meth:`save` writes them.

        Raises
        ------
        InputError
            When the model is not fitted.
        """
        if not hasattr(self, "segmenter_"):
            raise InputError("Fit the model before saving it.")
        segmenter = copy.copy(self.segmenter_)
        del segmenter.labels_
        pipeline = {"transformer": _portable(self.transformer_), "segmenter": segmenter}
        meta = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "scikit_learn": sklearn.__version__,
            "n_segments": self.n_segments_,
            "notes": list(self.notes_),
            "schema": {
                "rows": self.schema_.rows,
                "columns": [asdict(c) for c in self.schema_.columns],
            },
        }
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("recipe.json", self.recipe.to_json())
            archive.writestr("model.json", json.dumps(meta, indent=2))
            archive.writestr("pipeline.skops", _skops().dumps(pipeline))
        return buffer.getvalue()

    @classmethod
    def load(cls, path: str | Path) -> SegmentationModel:
        """Read a saved model; InputError for anything that is not one of ours.

        Only the types in :data:`TRUSTED_TYPES` and those skops trusts by default
        are rebuilt; no code from the file is run.

        Examples
        --------
        >>> import tempfile, os
        >>> bad = os.path.join(tempfile.mkdtemp(), "m.zip")
        >>> _ = open(bad, "wb").write(b"not a model")
        >>> SegmentationModel.load(bad)
        Traceback (most recent call last):
        ...
        segmentation.errors.InputError: m.zip is not a saved segmentation model \
(not a zip file).
        """
        name = Path(path).name
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise InputError(f"{name}: cannot read ({exc.strerror or exc}).") from None
        return cls.from_bytes(data, name)

    @classmethod
    def from_bytes(cls, data: bytes, name: str = "the model") -> SegmentationModel:
        """Read a saved model from its bytes (an upload); see :meth:`load`.

        Parameters
        ----------
        data : bytes
            The model file's content.
        name : str, default "the model"
            The file's name, for messages.
        """
        parts = _read_parts(data, name)
        meta = _json(parts["model.json"], name)
        if meta.get("format") != FORMAT:
            raise InputError(f"{name} is not a saved segmentation model.")
        if meta.get("version") != FORMAT_VERSION:
            raise InputError(
                f"{name} was saved in model format {meta.get('version')!r}; this "
                f"release reads format {FORMAT_VERSION}."
            )
        model = cls(Recipe.from_json(parts["recipe.json"].decode("utf-8")))
        pipeline = _load_pipeline(parts["pipeline.skops"], name)
        model.transformer_ = _restored(pipeline["transformer"])
        model.segmenter_ = pipeline["segmenter"]
        model.n_segments_ = model.segmenter_.n_segments_
        model.notes_ = tuple(model.segmenter_.notes_)
        model.schema_ = _schema(meta, name)
        return model


def _skops() -> Any:
    """Import skops.io when a model is saved or read.

    Importing it walks every scikit-learn module (and, with Dask installed,
    ``dask.array`` through scikit-learn's array-API layer): about 1.9 s that a
    run which saves no model does not pay.
    """
    import skops.io

    return skops.io


def _read_parts(data: bytes, name: str) -> dict[str, bytes]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            missing = [part for part in _PARTS if part not in names]
            if missing:
                raise InputError(
                    f"{name} is not a saved segmentation model (no {missing[0]})."
                )
            return {part: archive.read(part) for part in _PARTS}
    except (zipfile.BadZipFile, EOFError, ValueError) as exc:
        if isinstance(exc, InputError):
            raise
        raise InputError(
            f"{name} is not a saved segmentation model (not a zip file)."
        ) from None


def _json(blob: bytes, name: str) -> dict[str, Any]:
    try:
        meta = json.loads(blob.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise InputError(f"{name}: the model description is not valid JSON.") from None
    if not isinstance(meta, dict):
        raise InputError(f"{name} is not a saved segmentation model.")
    return meta


def _load_pipeline(blob: bytes, name: str) -> dict[str, Any]:
    try:
        blob = _current_class_paths(blob)
        sio = _skops()
        untrusted = set(sio.get_untrusted_types(data=blob)) - set(TRUSTED_TYPES)
        if untrusted:
            raise InputError(
                f"{name} contains types a segmentation model never holds "
                f"({', '.join(sorted(untrusted))}); it was not loaded."
            )
        pipeline = sio.loads(blob, trusted=list(TRUSTED_TYPES))
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - any failure means a damaged file
        raise InputError(
            f"{name}: the fitted pipeline cannot be read ({type(exc).__name__})."
        ) from None
    if (
        not isinstance(pipeline, dict)
        or not isinstance(pipeline.get("segmenter"), Segmenter)
        or "transformer" not in pipeline
    ):
        raise InputError(f"{name}: the fitted pipeline is not a segmentation model.")
    return pipeline


def _current_class_paths(blob: bytes) -> bytes:
    """Rename the moved modules (:data:`MOVED_MODULES`) in a skops file's schema.

    Parameters
    ----------
    blob : bytes
        A skops file (a zip whose ``schema.json`` names each object's module).

    Returns
    -------
    bytes
        The same file, with old module paths replaced; unchanged when none occur.
    """
    with zipfile.ZipFile(io.BytesIO(blob)) as archive:
        schema = json.loads(archive.read("schema.json"))
        if not _rename_modules(schema):
            return blob
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as renamed:
            for item in archive.infolist():
                data = archive.read(item)
                if item.filename == "schema.json":
                    data = json.dumps(schema).encode("utf-8")
                renamed.writestr(item, data)
    return out.getvalue()


def _rename_modules(node: Any) -> bool:
    """Replace moved ``__module__`` values in a skops schema, in place."""
    changed = False
    if isinstance(node, dict):
        module = node.get("__module__")
        if isinstance(module, str) and module in MOVED_MODULES:
            node["__module__"] = MOVED_MODULES[module]
            changed = True
        children = node.values()
    elif isinstance(node, list):
        children = node
    else:
        return False
    for child in children:
        changed = _rename_modules(child) or changed
    return changed


def _schema(meta: dict[str, Any], name: str) -> Schema:
    try:
        block = meta["schema"]
        columns = tuple(
            ColumnSchema(
                **{
                    **c,
                    "warnings": tuple(c.get("warnings", ())),
                    "placeholders": tuple(c.get("placeholders", ())),
                }
            )
            for c in block["columns"]
        )
        return Schema(columns=columns, rows=int(block["rows"]))
    except (KeyError, TypeError, ValueError):
        raise InputError(f"{name}: the model's column schema is damaged.") from None


def _days_since_steps(transformer: Any) -> list[DaysSince]:
    found = []
    for _, estimator, _ in getattr(transformer, "transformers_", ()):
        steps = estimator.steps if isinstance(estimator, Pipeline) else []
        found += [step for _, step in steps if isinstance(step, DaysSince)]
    return found


def _portable(transformer: Any) -> Any:
    """Copy the transformer with its "days since" reference days as ISO text.

    skops cannot rebuild a pandas Timestamp; :func:`_restored` turns them back.
    """
    transformer = copy.deepcopy(transformer)
    for step in _days_since_steps(transformer):
        step.reference_ = step.reference_.isoformat()
    return transformer


def _restored(transformer: Any) -> Any:
    for step in _days_since_steps(transformer):
        step.reference_ = pd.Timestamp(step.reference_)
    return transformer
