"""Cache keys: same inputs give the same key, any change gives another."""

from __future__ import annotations

from pathlib import Path

from segmentation.reading import read_table
from segmentation.recipe import Recipe
from segmentation.schema import infer_schema
from segmentation.workflow import fingerprint
from ui import cache_keys

ROOT = Path(__file__).resolve().parents[2]
CUSTOMERS = ROOT / "sample_data" / "customers.csv"
LOG = ROOT / "sample_data" / "transactions.csv"


def recipe_json(weight: float = 1.0) -> str:
    schema = infer_schema(read_table(CUSTOMERS).iloc[:200])
    recipe = Recipe.from_schema(schema)
    if weight != 1.0:
        recipe = recipe.replace(weights=(("behavioral", weight),))
    return recipe.to_json()


def test_same_files_and_recipe_give_the_same_key_in_any_session():
    digest = cache_keys.digest_bytes(CUSTOMERS.read_bytes())
    first = cache_keys.content_key(digest, recipe_json())
    again = cache_keys.content_key(
        cache_keys.digest_bytes(CUSTOMERS.read_bytes()), recipe_json()
    )
    assert first == again and len(first) == 32


def test_a_changed_weight_another_file_or_another_order_changes_the_key():
    digest = cache_keys.digest_bytes(CUSTOMERS.read_bytes())
    other = cache_keys.digest_bytes(CUSTOMERS.read_bytes() + b"\n")
    base = cache_keys.content_key(digest, recipe_json())
    assert cache_keys.content_key(digest, recipe_json(2.0)) != base
    assert cache_keys.content_key(other, recipe_json()) != base
    assert cache_keys.content_key(recipe_json(), digest) != base


def test_the_files_digest_is_the_recipe_fingerprint():
    table, log = CUSTOMERS.read_bytes(), LOG.read_bytes()
    digests = cache_keys.digest_bytes(table), cache_keys.digest_bytes(log)
    assert cache_keys.files_digest(*digests) == fingerprint(table, log)
    assert cache_keys.files_digest(digests[0]) == fingerprint(table)
    assert cache_keys.files_digest() is None
