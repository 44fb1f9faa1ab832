TABLE_NAMES = ["characteristics", "outcomes_by_modality", "effects", "quality", "prisma", "pooled"]


rule synthesize:
    """The published tables (CSV, Markdown, one XLSX workbook), pooled estimates with forest
    plots, the PRISMA 2020 diagram from the pipeline's counts, and the included studies as RIS and
    BibTeX."""
    input:
        records=rules.ingest.output.records,
        canonical=rules.dedup.output.canonical,
        decisions=rules.screen.output.decisions,
        prisma=rules.screen.output.prisma,
        studies=rules.extract.output.studies,
        outcomes=rules.extract.output.outcomes,
        effects=rules.extract.output.effects,
        quality_summary=rules.quality.output.summary,
        code=code("meta", "figures", "memo", "export", "tables", "stages/synthesize"),
    output:
        tables=expand("results/tables/{name}.{ext}", name=TABLE_NAMES, ext=["csv", "md"]),
        workbook="results/tables/review_tables.xlsx",
        prisma_svg="results/figures/prisma.svg",
        prisma_png="results/figures/prisma.png",
        forest=directory("results/figures/forest"),
        ris="results/tables/included.ris",
        bib="results/tables/included.bib",
        # figures, workbook and exports of the previous run, rewritten from here when their
        # data did not change (litreview.memo)
        memo=update("results/memo/synthesize.zip"),
    params:
        settings=config["synthesis"],
    conda:
        "../../envs/litreview.yaml"
    log:
        "results/logs/synthesize.log",
    # forest plots are drawn in parallel (litreview.figures.draw_all)
    threads: 2
    # Ahead of the prints jobs that become ready with it: they only have to finish before the
    # provenance rule, and with two cores they would otherwise take them first (2 s of a re-run)
    priority: 1
    resources:
        mem_mb=2000,
    script:
        "../scripts/synthesize.py"
