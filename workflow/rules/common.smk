# Shared by every rule file. The raw sources and their job keys, and the code each rule runs.
import os
import sys
from pathlib import Path

from snakemake.exceptions import WorkflowError

sys.path.insert(0, str(Path(workflow.basedir) / "workflow"))
from litreview import manifest as source_manifest  # noqa: E402

# Relative to the working directory, so a copied or moved project keeps its recorded inputs.
PACKAGE = Path(os.path.relpath(Path(workflow.basedir) / "workflow" / "litreview"))
RAW = "raw"

# Every run starts by comparing raw/ with its manifest: a changed, unregistered or missing file
# stops it here, before any job, with the command that settles it. A file is hashed again when
# its stat changed since it was last hashed (litreview.manifest.StatCache): reading 10,000 raw
# files took a second of every no-op run.
_problems = source_manifest.check_raw(RAW, stat_cache=".snakemake/litreview/raw_sha256.json")
if _problems:
    raise WorkflowError(
        "raw/ does not match raw/MANIFEST.tsv:\n" + "\n".join(p.message for p in _problems)
    )

MANIFEST = source_manifest.read_manifest(source_manifest.manifest_path(RAW))
RAW_FILES = sorted(MANIFEST)
if not RAW_FILES:
    raise WorkflowError(
        "raw/ holds no registered sources. Add exports or abstract pages with "
        "`litreview add PATH...` and run again."
    )
# Provenance records every raw file: it names the folder and its manifest, not 10,000 files
# (listing them cost a large share of Snakemake's DAG build at that scale). The manifest is what
# changes when raw/ does, since a run stops above until it matches the folder.
RAW_INPUTS = [RAW, str(source_manifest.manifest_path(RAW))]
BATCHES = {}
for _name in RAW_FILES:
    BATCHES.setdefault(
        source_manifest.batch_key(_name, MANIFEST[_name]["bytes"]), []
    ).append(_name)


def batch_raw(wildcards):
    return [f"{RAW}/{name}" for name in BATCHES[wildcards.batch]]


def batch_sources(wildcards):
    """{raw path: recorded SHA-256} of a batch, for the ingest job to check each file again."""
    return {f"{RAW}/{name}": MANIFEST[name]["sha256"] for name in BATCHES[wildcards.batch]}


def code(*modules):
    """Package modules a rule runs, as inputs, so editing one re-runs exactly the rules that use it
    (Snakemake does not see what a script imports). A name without .py is a subpackage."""
    paths = []
    for name in modules:
        target = PACKAGE / name
        if target.is_dir():
            paths.extend(sorted(str(p) for p in target.rglob("*.py")))
        else:
            paths.append(str(target.with_suffix(".py")))
    return paths


def reviewer_files(folder, pattern="*.csv"):
    return sorted(str(p) for p in Path(folder).glob(pattern))
