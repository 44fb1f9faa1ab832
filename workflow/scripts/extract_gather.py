from litreview.logs import stage_logging
from litreview.stages.extract import gather

with stage_logging(snakemake.log[0]):
    gather(
        {t: list(snakemake.input[t]) for t in ("studies", "outcomes", "effects", "qa", "status")},
        snakemake.input.decisions,
        snakemake.input.curation,
        snakemake.input.records,
        list(snakemake.input.regions),
        snakemake.input.vocabulary,
        dict(snakemake.output.items()),
    )
