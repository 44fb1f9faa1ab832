"""Logging for stage scripts: to the rule's log file and to the terminal, and a clean stop.

A user-facing error (bad input, a file that cannot be read) ends the job with its message, not a
traceback: the message already names the file, the record and what to do.
"""

from __future__ import annotations

import contextlib
import logging
import sys


class UserError(Exception):
    """An error the reviewer can act on; its message says what and where."""


@contextlib.contextmanager
def stage_logging(log_path: str | None, name: str = "litreview"):
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    if log_path:
        handlers.append(logging.FileHandler(log_path, mode="w", encoding="utf-8"))
    logging.basicConfig(
        level=logging.INFO,
        format="%(levelname)s %(name)s: %(message)s",
        handlers=handlers,
        force=True,
    )
    logger = logging.getLogger(name)
    try:
        yield logger
    except UserError as exc:
        logger.error("%s", exc)
        sys.exit(1)


class Progress:
    """'records processed of total' lines a person can follow, every ``step`` items."""

    def __init__(self, logger: logging.Logger, total: int, what: str, step: int | None = None):
        self.logger, self.total, self.what = logger, total, what
        self.step = step or max(1000, total // 10)
        self.done = 0

    def advance(self, n: int = 1) -> None:
        before = self.done // self.step
        self.done += n
        if self.done // self.step > before or self.done == self.total:
            self.logger.info("%s: %d of %d", self.what, self.done, self.total)
