import json
from pathlib import Path

from litreview.logs import UserError, stage_logging
from litreview.provenance import ProvenanceError, files_of, write_provenance

with stage_logging(snakemake.log[0]):
    declared = [
        path
        for key, paths in snakemake.input.items()
        if key not in ("code", "source_prints", "output_prints")
        for path in ([paths] if isinstance(paths, str) else paths)
    ]
    outputs = files_of(declared)
    # The raw files' hashes and fingerprints, taken by the ingest jobs from the bytes they read.
    source_prints = {}
    for path in snakemake.input.source_prints:
        source_prints.update(json.loads(Path(path).read_text(encoding="utf-8")))
    # The outputs' fingerprints, taken by the prints jobs as each stage finished.
    output_prints = {}
    for path in snakemake.input.output_prints:
        output_prints.update(json.loads(Path(path).read_text(encoding="utf-8")))
    try:
        write_provenance(
            Path.cwd(),
            outputs,
            config=dict(snakemake.params.config),
            out_dir=str(Path(snakemake.output.manifest).parent),
            # This job's own log is still being written while the manifest is made.
            exclude=[snakemake.log[0]],
            source_prints=source_prints,
            output_prints=output_prints,
            workers=snakemake.threads,
        )
    except ProvenanceError as exc:
        raise UserError(str(exc)) from exc
