from litreview.logs import stage_logging
from litreview.stages.quality import score_batch

with stage_logging(snakemake.log[0]):
    score_batch(
        snakemake.input.records,
        snakemake.input.regions,
        snakemake.input.studies,
        snakemake.input.status,
        list(snakemake.input.instruments),
        snakemake.output.scored,
    )
