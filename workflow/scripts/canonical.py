from litreview.logs import stage_logging
from litreview.stages.dedup import write_canonical

with stage_logging(snakemake.log[0]):
    write_canonical(snakemake.input.records, snakemake.input.clusters, snakemake.output[0])
