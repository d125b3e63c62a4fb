"""The ``segmentation`` command: the second face of the product, beside the app.

One module per subcommand (:mod:`~segmentation.cli.inspect`,
:mod:`~segmentation.cli.rfm`, :mod:`~segmentation.cli.sweep`,
:mod:`~segmentation.cli.fit`, :mod:`~segmentation.cli.apply`), each with
``add_parser(commands)`` and ``run(args)``; :mod:`~segmentation.cli.main`
assembles them. Building the parser imports neither pandas nor scikit-learn: a
command imports what it needs when it runs, so ``segmentation --help`` is quick.
"""

from segmentation.cli.main import main

__all__ = ("main",)
