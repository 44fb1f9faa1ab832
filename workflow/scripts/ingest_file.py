from litreview.logs import stage_logging
from litreview.stages.ingest import ingest_file

with stage_logging(snakemake.log[0]):
    ingest_file(
        snakemake.input.raw,
        snakemake.params.source_file,
        snakemake.params.sha256,
        dict(snakemake.output.items()),
    )
