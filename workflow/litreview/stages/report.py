"""Report stage: execute the jupytext notebook with papermill, render it to one self-contained
HTML page without code cells."""

from __future__ import annotations

import logging
from pathlib import Path

log = logging.getLogger("litreview.report")


def render_report(notebook: str, parameters: dict, out_ipynb: str, out_html: str) -> None:
    import jupytext
    import nbformat
    import papermill
    from nbconvert import HTMLExporter

    source = jupytext.read(notebook)
    staged = Path(out_ipynb).with_suffix(".source.ipynb")
    staged.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(source, staged)
    papermill.execute_notebook(
        str(staged),
        out_ipynb,
        parameters=parameters,
        kernel_name="python3",
        cwd=str(Path.cwd()),
        progress_bar=False,
    )
    staged.unlink()
    executed = nbformat.read(out_ipynb, as_version=4)
    exporter = HTMLExporter(
        exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True
    )
    body, _ = exporter.from_notebook_node(executed)
    Path(out_html).write_text(body, encoding="utf-8")
    log.info("report written to %s", out_html)
