from litreview.logs import stage_logging
from litreview.stages.synthesize import synthesize

with stage_logging(snakemake.log[0]):
    synthesize(
        dict(snakemake.input.items()),
        dict(snakemake.params.settings),
        dict(snakemake.output.items()),
        workers=snakemake.threads,
    )
