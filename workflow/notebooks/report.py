# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% tags=["parameters"]
# Paths of the tables and figures the report shows; the report rule passes them through papermill.
review_title = "Systematic review"
review_question = ""
tables_dir = "results/tables"
figures_dir = "results/figures"
quality_dir = "results/quality/figures"
# the quality stage's summary, the same table as results/tables/quality.csv (which the publish
# rule writes beside the workbook, and the report does not wait for)
quality_table = "results/quality/summary.csv"
extract_dir = "results/extract"
files_table = "results/ingest/files.csv"
max_rows = 500

# %%
import base64
import html
from pathlib import Path

import pandas as pd
from IPython.display import HTML, display


def table(name, folder=tables_dir):
    df = pd.read_csv(Path(folder) / f"{name}.csv", dtype=str, keep_default_na=False)
    df.attrs["path"] = str(Path(folder) / f"{name}.csv")
    return df


def short_hashes(cell):
    """Hashes shortened for reading; the full SHA-256 of every source is in the last table."""
    return "; ".join(h[:12] + "…" if len(h) == 64 else h for h in cell.split("; "))


def show(df, columns=None, caption=""):
    """Tables are rendered with pandas, which escapes every cell: text from the sources cannot
    inject markup into the report."""
    total = len(df)
    df = (df[columns] if columns else df).head(max_rows).copy()
    if total > max_rows:
        # A review of thousands of studies would make a report nobody can open; the CSV and the
        # workbook hold every row.
        where = df.attrs.get("path", "the CSV")
        caption += f" (first {max_rows} of {total} rows; all are in {where})"
    for column in ("source_sha256", "value_ids"):
        if column in df.columns and caption != "Source files and their SHA-256":
            df[column] = df[column].map(short_hashes)
    styled = df.to_html(index=False, escape=True, border=0, classes="tbl")
    if caption:
        styled = f"<p class='caption'>{html.escape(caption)}</p>" + styled
    display(HTML(styled))


def figure(path, alt):
    data = base64.b64encode(Path(path).read_bytes()).decode("ascii")
    display(
        HTML(
            f"<img alt='{html.escape(alt)}' style='max-width:100%' "
            f"src='data:image/png;base64,{data}'>"
        )
    )


display(
    HTML(
        "<style>body{font-family:sans-serif;max-width:1200px;margin:auto}"
        ".tbl{border-collapse:collapse;font-size:12px}.tbl td,.tbl th{border:1px solid #ccc;"
        "padding:2px 6px;vertical-align:top}.caption{font-weight:bold;margin-top:1.5em}</style>"
        f"<h1>{html.escape(review_title)}</h1><p><em>{html.escape(review_question)}</em></p>"
    )
)

# %% [markdown]
# ## Methods
#
# Records were read from the files in `raw/` (each recorded with its SHA-256 in
# `raw/MANIFEST.tsv`), deduplicated (exact identifiers, then blocked fuzzy matching with vetoes),
# screened against the eligibility criteria in `config/screening.yaml`, and the study
# characteristics, outcome values and effect estimates were extracted by the rules in
# `config/vocabulary.yaml`, each with the span of text it comes from. Quality was scored with
# MINORS, the Newcastle-Ottawa Scale and the Oxford CEBM 2011 levels of evidence. Proportions were
# pooled on the logit scale with a random-effects model; median survival is summarised
# descriptively (patient-weighted median of study medians), never pooled. Every number below
# carries a value id: `litreview trace --value-id ID` prints its source file, hash and quote.

# %% [markdown]
# ## PRISMA 2020 flow

# %%
figure(Path(figures_dir) / "prisma.png", "PRISMA 2020 flow diagram")
show(table("prisma"), caption="PRISMA counts, computed from the pipeline's tables")

# %% [markdown]
# ## Characteristics of included studies

# %%
show(table("characteristics"), caption="Table 1. Characteristics of included studies")

# %% [markdown]
# ## Outcomes by modality

# %%
outcomes = table("outcomes_by_modality")
show(
    outcomes,
    [c for c in outcomes.columns if c not in ("record_id", "source_sha256", "curated_by")],
    caption="Outcome values, each with its value id and the quote it was read from",
)

# %% [markdown]
# ## Effect estimates

# %%
show(table("effects"), caption="Hazard ratios, relative risks and odds ratios")

# %% [markdown]
# ## Pooled estimates

# %%
show(table("pooled"), caption="Pooled and descriptive estimates")
forest = Path(figures_dir) / "forest"
for png in sorted(forest.glob("*.png")):
    figure(png, png.stem)

# %% [markdown]
# ## Quality and risk of bias

# %%
show(
    table(Path(quality_table).stem, Path(quality_table).parent), caption="Quality summary per study"
)
for png in sorted(Path(quality_dir).glob("traffic_light_*.png")) + sorted(
    Path(quality_dir).glob("summary_*.png")
):
    figure(png, png.stem.replace("_", " "))

# %% [markdown]
# ## Provenance of the sources

# %%
show(table("files", Path(files_table).parent), caption="Source files and their SHA-256")
