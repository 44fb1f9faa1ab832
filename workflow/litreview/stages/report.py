"""Report stage: execute the jupytext notebook with papermill, render it to one self-contained
HTML page without code cells."""

from __future__ import annotations

import logging
import re
from pathlib import Path

log = logging.getLogger("litreview.report")


# nbconvert's page template loads require.js and MathJax from a CDN; the report has no widgets and
# no mathematics, and must open offline and make no request on an auditor's machine.
EXTERNAL_SCRIPT = re.compile(r"<script[^>]*\bsrc=[\"']https?://[^>]*>\s*</script>", re.I)


def self_contained(html: str) -> str:
    return EXTERNAL_SCRIPT.sub("", html)


def render_report(notebook: str, parameters: dict, out_ipynb: str, out_html: str) -> None:
    import jupytext
    import nbformat
    import papermill
    from nbconvert import HTMLExporter

    source = jupytext.read(notebook)
    staged = Path(out_ipynb).with_suffix(".source.ipynb")
    staged.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(source, staged)
    # Written once, when every cell has run (or with the failing cell's error), not at every
    # cell's start and end: the notebook holds the report's figures (14 MB at 100,000 records).
    executed = papermill.execute_notebook(
        str(staged),
        out_ipynb,
        parameters=parameters,
        kernel_name="python3",
        cwd=str(Path.cwd()),
        progress_bar=False,
        request_save_on_cell_execute=False,
    )
    staged.unlink()
    # Cell ids by position, not nbformat's random ones, so the same tables give the same page.
    for number, cell in enumerate(executed.cells):
        cell.id = f"cell-{number}"
    exporter = HTMLExporter(
        exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True
    )
    body, _ = exporter.from_notebook_node(executed)
    Path(out_html).write_text(self_contained(body), encoding="utf-8")
    log.info("report written to %s", out_html)
