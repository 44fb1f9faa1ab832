from litreview.logs import stage_logging
from litreview.stages.publish import export_included

with stage_logging(snakemake.log[0]):
    export_included(
        dict(snakemake.input.items()), dict(snakemake.output.items()), workers=snakemake.threads
    )
