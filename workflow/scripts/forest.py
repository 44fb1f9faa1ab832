from litreview.logs import stage_logging
from litreview.stages.forest import draw_forests

with stage_logging(snakemake.log[0]):
    draw_forests(
        dict(snakemake.input.items()),
        dict(snakemake.params.settings),
        dict(snakemake.output.items()),
        workers=snakemake.threads,
    )
