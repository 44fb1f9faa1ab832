from litreview.logs import stage_logging
from litreview.stages.publish import publish

with stage_logging(snakemake.log[0]):
    publish(
        dict(snakemake.input.items()),
        dict(snakemake.params.settings),
        dict(snakemake.output.items()),
        workers=snakemake.threads,
    )
