from litreview.logs import stage_logging
from litreview.stages.dedup import batch_features

with stage_logging(snakemake.log[0]):
    batch_features(snakemake.input.records, snakemake.input.settings, snakemake.output[0])
