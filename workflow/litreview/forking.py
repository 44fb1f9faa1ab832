"""Worker processes started by fork: what a stage does before it starts them.

Its own module, without matplotlib: the quality stage scores in worker processes and should not
pay for the drawing libraries' import (0.7 s of every quality job) now that it draws nothing."""

from __future__ import annotations

import gc


def frozen_for_fork() -> None:
    """Before forking workers: move every object to the garbage collector's permanent
    generation, so a worker's collections do not write to (and so copy) the pages it shares
    with the stage's tables (the Python documentation's advice for gc.freeze)."""
    gc.collect()
    gc.freeze()
