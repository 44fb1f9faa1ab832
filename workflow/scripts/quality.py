from litreview.logs import stage_logging
from litreview.stages.quality import score_quality

with stage_logging(snakemake.log[0]):
    score_quality(
        snakemake.input.records,
        list(snakemake.input.regions),
        snakemake.input.decisions,
        snakemake.input.studies,
        list(snakemake.input.scored),
        list(snakemake.input.instruments),
        list(snakemake.input.assessments),
        dict(snakemake.output.items()),
        workers=snakemake.threads,
    )
