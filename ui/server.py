"""Start the app's server with the first page's libraries already imported.

``python -m ui.server run app.py [streamlit options]`` is ``streamlit run`` in a
process that has imported pandas, pyarrow and the modules the Data page and the
bundled sample's loading use before the server answers. Streamlit runs the pages
in the same process, so the first visitor does not wait for those imports (1.5-2
seconds on a 2-core machine); ``make run`` starts the app this way. The heavier
libraries (scikit-learn, UMAP, Altair) are still imported where a page uses them.
"""

from __future__ import annotations

import sys

__all__ = ("main", "preload")


def preload() -> None:
    """Import what the first run of the Data page on the bundled sample uses."""
    import pandas  # noqa: F401
    import pyarrow.csv  # noqa: F401

    import segmentation.reading  # noqa: F401
    import segmentation.schema  # noqa: F401
    import ui.cached  # noqa: F401
    import ui.loader  # noqa: F401
    import ui.measures  # noqa: F401
    import ui.model_apply  # noqa: F401
    import ui.new_table  # noqa: F401


def main() -> int:
    """Preload, then hand the command line to Streamlit's own ``streamlit`` command."""
    preload()
    from streamlit.web import cli

    return cli.main(prog_name="streamlit")


if __name__ == "__main__":
    sys.exit(main())
