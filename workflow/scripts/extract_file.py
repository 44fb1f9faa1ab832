from litreview.logs import stage_logging
from litreview.stages.extract import extract_file

with stage_logging(snakemake.log[0]):
    extract_file(
        snakemake.input.records,
        snakemake.input.raw,
        snakemake.input.report,
        snakemake.input.vocabulary,
        dict(snakemake.output.items()),
    )
