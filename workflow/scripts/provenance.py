from pathlib import Path

from litreview.logs import UserError, stage_logging
from litreview.provenance import ProvenanceError, write_provenance

with stage_logging(snakemake.log[0]):
    outputs = [
        str(path)
        for key, paths in snakemake.input.items()
        if key != "code"
        for path in ([paths] if isinstance(paths, str) else paths)
    ]
    try:
        write_provenance(
            Path.cwd(),
            outputs,
            config=dict(snakemake.params.config),
            out_dir=str(Path(snakemake.output.manifest).parent),
            # This job's own log is still being written while the manifest is made.
            exclude=[snakemake.log[0]],
        )
    except ProvenanceError as exc:
        raise UserError(str(exc)) from exc
