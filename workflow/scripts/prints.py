import json
from pathlib import Path

from litreview.logs import stage_logging
from litreview.provenance import output_prints

with stage_logging(snakemake.log[0]):
    # A directory output (forest plots, quality figures) is printed file by file.
    outputs = sorted(
        str(f)
        for path in map(Path, snakemake.input.outputs)
        for f in (sorted(path.rglob("*")) if path.is_dir() else [path])
        if f.is_file() and f.name != ".snakemake_timestamp"
    )
    prints = output_prints(Path.cwd(), outputs)
    Path(snakemake.output[0]).write_text(
        json.dumps(prints, sort_keys=True, separators=(",", ":")) + "\n", encoding="utf-8"
    )
