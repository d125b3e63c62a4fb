"""Criteria: what makes customers alike, behaviour from a log, rule-based segments."""

import streamlit as st

from segmentation.choices import DEFAULT_HORIZON_DAYS
from segmentation.errors import InputError
from segmentation.recipe import Preprocessing, Recipe
from ui import (
    cached,
    criteria,
    recipe_open,
    rfm_view,
    rules_editor,
    state,
    transactions,
    widgets,
)
from ui import criteria_table as tables
from ui.rule_drafts import evaluate

st.title("Criteria")
dataset = widgets.require_data()
if dataset is None:
    st.stop()
schema = state.get_schema()
stored = state.get_recipe()
st.caption(
    "Choose what makes customers alike: the criteria families and their columns, "
    "their weights and how numbers are prepared. Add behaviour from a transaction "
    "log, and define segments by rules of your own."
)

with st.expander("Open a saved recipe", icon=":material/folder_open:"):
    recipe_open.recipe_uploader()

st.subheader("Transaction log (optional)")
log = transactions.log_picker(dataset)
customers = state.customer_table()
mapping = behaviour = None
if log is not None:
    mapping = transactions.mapping_picker(log, stored.transactions if stored else None)
if customers is not None:
    id_column = transactions.id_picker(
        customers, schema, stored, show=mapping is not None
    )
else:
    id_column = mapping.customer if mapping is not None else None
if log is not None and mapping is not None:
    try:
        behaviour = cached.customer_behaviour(
            log.digest, mapping, log.decimal, _log=log.frame
        )
    except InputError as exc:
        st.error(f"The transaction log could not be summarised: {exc}")
        mapping = None
    else:
        horizon = stored.horizon_days if stored else DEFAULT_HORIZON_DAYS
        ahead = cached.value_ahead(
            log.digest, mapping, log.decimal, horizon, _behaviour=behaviour.table
        )
        transactions.behaviour_report(behaviour, mapping, customers, id_column, ahead)
if customers is None and mapping is None:
    st.info("Map the log's columns above to segment the customers it holds.")
    st.stop()

choices = state.get_data_choices(customers.digest if customers else "")
# What this page does not choose (algorithm, k, seed, names, holdout, business)
# carries over from the recipe in state: an opened recipe keeps them.
base = (stored or Recipe()).replace(
    input_fingerprint=tables.input_fingerprint(customers, log if mapping else None),
    id_column=id_column,
    transactions=mapping,
)
try:
    table, full_schema, base, table_key = tables.table(customers, schema, log, base)
except InputError as exc:
    st.error(f"The transaction log could not be used: {exc}")
    st.stop()
if base.transactions is None:
    behaviour = None

st.subheader("Criteria")
reasons: dict[str, str] = {}
with widgets.guarded("The search for columns without structure"):
    found = cached.default_criteria(table_key, _table=table, _schema=full_schema)
    reasons = found.reasons
features, weights = criteria.feature_picker(full_schema, stored, reasons)
described = criteria.described_columns(full_schema, features, reasons)
outcomes = criteria.outcome_note(full_schema)
st.markdown("**Preprocessing**")
preprocessing = criteria.preprocessing_picker(
    stored.preprocessing if stored else Preprocessing()
)
recipe = base.replace(
    features=features,
    weights=weights,
    preprocessing=preprocessing,
    outcomes=outcomes,
    described=described,
    measures=choices.measures,
    labels=choices.labels,
)
with widgets.guarded("The feature matrix"):
    tables.matrix_metrics(customers, schema, log, recipe)

if behaviour is not None:
    st.subheader("RFM scores and segments")
    with widgets.guarded("The RFM view"):
        rfm_view.rfm_view(log.digest, base.transactions, behaviour.table)

st.subheader("Rule-based segments")
st.caption(
    "A customer matching several rules goes to the first one; customers no rule "
    "matches are everyone else."
)
drafts, slots = rules_editor.editor([str(c) for c in table.columns])
evaluated = evaluate(drafts, table_key, table)
rules_editor.show_sizes(drafts, evaluated, slots)
rules_editor.summary(evaluated)

recipe = recipe.replace(rules=evaluated.rules)
state.set_recipe(recipe)
with st.expander("Recipe (JSON): every choice made on this page"):
    st.code(recipe.to_json(), language="json")
