from pathlib import Path

from litreview.logs import stage_logging
from litreview.provenance import write_provenance

with stage_logging(snakemake.log[0]):
    outputs = [
        str(p)
        for key, paths in snakemake.input.items()
        if key != "code"
        for p in ([paths] if isinstance(paths, str) else paths)
    ]
    write_provenance(
        Path.cwd(),
        outputs,
        config=dict(snakemake.params.config),
        out_dir=str(Path(snakemake.output.manifest).parent),
    )
