from litreview.logs import stage_logging
from litreview.stages.dedup import run_dedup

with stage_logging(snakemake.log[0]):
    run_dedup(
        snakemake.input.records,
        snakemake.input.settings,
        snakemake.input.decisions,
        dict(snakemake.output.items()),
        features=list(snakemake.input.features),
    )
