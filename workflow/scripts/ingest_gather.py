from litreview.logs import stage_logging
from litreview.stages.ingest import gather

with stage_logging(snakemake.log[0]):
    gather(
        list(snakemake.input.records),
        list(snakemake.input.indexes),
        list(snakemake.input.rejected),
        list(snakemake.input.reports),
        dict(snakemake.output.items()),
    )
