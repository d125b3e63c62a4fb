"""The criteria an expert starts from, for a table loaded a moment ago.

The Tune page segments straight after a table is loaded, before any visit to the
Criteria page: on the same default criteria the Criteria page would show (see
:func:`segmentation.features.default_criteria`), with the measures and labels set
on the Data page. A transaction log is never joined here: mapping its columns is
the Criteria page's work.
"""

from __future__ import annotations

from segmentation.errors import InputError
from segmentation.recipe import Recipe
from ui import cached, state
from ui import criteria_table as tables

__all__ = ("default_recipe",)


def default_recipe() -> Recipe | None:
    """Return the default recipe of the loaded customer table (None: no table).

    Returns
    -------
    Recipe or None
        Default features, described columns, outcomes, the id column and the
        Data page's measures and labels; None when no customer table is loaded
        (a transaction log alone needs its columns mapped first) or it cannot
        be read for segmenting.
    """
    customers = state.customer_table()
    schema = state.get_schema()
    if customers is None or schema is None:
        return None
    ids = schema.with_role("id")
    base = Recipe(
        input_fingerprint=tables.input_fingerprint(customers, None),
        id_column=ids[0] if ids else None,
    )
    try:
        table, full_schema, base, table_key = tables.table(
            customers, schema, None, base
        )
    except InputError:
        return None
    found = cached.default_criteria(table_key, _table=table, _schema=full_schema)
    choices = state.get_data_choices(customers.digest)
    return found.recipe(
        full_schema,
        input_fingerprint=base.input_fingerprint,
        id_column=base.id_column,
        measures=choices.measures,
        labels=choices.labels,
    )
