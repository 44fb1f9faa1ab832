from litreview.logs import stage_logging
from litreview.stages.report import render_report

with stage_logging(snakemake.log[0]):
    render_report(
        snakemake.input.notebook,
        dict(snakemake.params.parameters),
        snakemake.output.notebook,
        snakemake.output.html,
    )
