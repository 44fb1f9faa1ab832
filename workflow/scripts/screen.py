from litreview.logs import stage_logging
from litreview.stages.screen import screen_records

with stage_logging(snakemake.log[0]):
    screen_records(
        list(snakemake.input.decisions_auto),
        list(snakemake.input.evidence_auto),
        snakemake.input.records,
        snakemake.input.clusters,
        snakemake.input.rejected,
        snakemake.input.criteria,
        list(snakemake.input.decisions),
        dict(snakemake.output.items()),
    )
