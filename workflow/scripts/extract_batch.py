from litreview.logs import stage_logging
from litreview.stages.extract import extract_batch

with stage_logging(snakemake.log[0]):
    extract_batch(
        snakemake.input.records,
        snakemake.input.regions,
        snakemake.input.criteria,
        snakemake.input.vocabulary,
        dict(snakemake.output.items()),
    )
