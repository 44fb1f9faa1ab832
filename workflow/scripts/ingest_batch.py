from litreview.logs import stage_logging
from litreview.stages.ingest import ingest_batch

with stage_logging(snakemake.log[0]):
    ingest_batch(dict(snakemake.params.sources), dict(snakemake.output.items()))
