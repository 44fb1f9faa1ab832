from litreview.logs import stage_logging
from litreview.stages.screen import screen_records

with stage_logging(snakemake.log[0]):
    screen_records(
        snakemake.input.records,
        snakemake.input.canonical,
        snakemake.input.files,
        snakemake.input.rejected,
        snakemake.input.criteria,
        snakemake.input.vocabulary,
        list(snakemake.input.decisions),
        dict(snakemake.output.items()),
    )
