import json
from pathlib import Path

from litreview.logs import stage_logging
from litreview.provenance import files_of, output_prints

with stage_logging(snakemake.log[0]):
    prints = output_prints(Path.cwd(), files_of(snakemake.input.outputs))
    Path(snakemake.output[0]).write_text(
        json.dumps(prints, sort_keys=True, separators=(",", ":")) + "\n", encoding="utf-8"
    )
