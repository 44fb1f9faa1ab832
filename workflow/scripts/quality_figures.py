from litreview.logs import stage_logging
from litreview.stages.quality_figures import draw_quality_figures

with stage_logging(snakemake.log[0]):
    draw_quality_figures(
        snakemake.input.item_scores,
        snakemake.output.figures,
        memo_path=snakemake.output.memo,
        max_studies=snakemake.params.max_studies,
        workers=snakemake.threads,
    )
