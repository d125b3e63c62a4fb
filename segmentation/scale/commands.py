"""The ``segmentation apply`` command lines for a saved model, as the app shows them."""

from __future__ import annotations

import shlex

__all__ = ("apply_commands",)


def apply_commands(model_file: str, *, transactions: bool = False) -> dict[str, str]:
    """Write the commands that label new customers with a saved model.

    Parameters
    ----------
    model_file : str
        The model file's name, as downloaded.
    transactions : bool, default False
        Whether the model's recipe reads a transaction log (``--transactions``).

    Returns
    -------
    dict of str to str
        ``"local"``: this machine, streaming in constant memory; ``"dask"``: a
        Dask cluster whose scheduler is at ``tcp://SCHEDULER:8786`` (the
        customers' file on storage every worker reads; one file per partition).

    Examples
    --------
    >>> apply_commands("model.zip")["local"]
    'segmentation apply model.zip customers.csv -o segments.csv'
    """
    base = ["segmentation", "apply", model_file, "customers.csv"]
    if transactions:
        base += ["--transactions", "transactions.csv"]
    local = [*base, "-o", "segments.csv"]
    dask = [*base, "-o", "segments_parts", "--engine", "dask"]
    dask += ["--scheduler", "tcp://SCHEDULER:8786"]
    return {"local": shlex.join(local), "dask": shlex.join(dask)}
