TABLE_NAMES = ["characteristics", "outcomes_by_modality", "effects", "quality", "prisma", "pooled"]


rule forest:
    """Forest plots of the pooled estimates and of each outcome's study arms, with an index of
    their analyses and sources. It reads only what the plots show, not the quality tables, so it
    is drawn beside quality and synthesis (it pools again: litreview.stages.forest says why)."""
    input:
        decisions=rules.screen.output.decisions,
        outcomes=rules.extract.output.outcomes,
        effects=rules.extract.output.effects,
        code=code(
            "meta",
            "figures",
            "forking",
            "memo",
            "tables",
            "stages/synthesize",
            "stages/forest",
        ),
    output:
        forest=directory("results/figures/forest"),
        # the plots of the previous run, redrawn only when their data changed (litreview.memo)
        memo=update("results/memo/forest.zip"),
    params:
        settings=config["synthesis"],
    conda:
        "../../envs/litreview.yaml"
    log:
        "results/logs/forest.log",
    # One core, beside quality on the other: with two it would wait until both were free.
    threads: 1
    # Ahead of the stage prints: the report waits for it, only provenance for them.
    priority: 1
    resources:
        mem_mb=2000,
    script:
        "../scripts/forest.py"


rule synthesize:
    """The published tables (CSV, Markdown, one XLSX workbook), pooled estimates, the PRISMA 2020
    diagram from the pipeline's counts, and the included studies as RIS and BibTeX."""
    input:
        records=rules.ingest.output.records,
        canonical=rules.dedup.output.canonical,
        decisions=rules.screen.output.decisions,
        prisma=rules.screen.output.prisma,
        studies=rules.extract.output.studies,
        outcomes=rules.extract.output.outcomes,
        effects=rules.extract.output.effects,
        quality_summary=rules.quality.output.summary,
        code=code("meta", "figures", "forking", "memo", "export", "tables", "stages/synthesize"),
    output:
        tables=expand("results/tables/{name}.{ext}", name=TABLE_NAMES, ext=["csv", "md"]),
        workbook="results/tables/review_tables.xlsx",
        prisma_svg="results/figures/prisma.svg",
        prisma_png="results/figures/prisma.png",
        ris="results/tables/included.ris",
        bib="results/tables/included.bib",
        # the PRISMA diagram, workbook and exports of the previous run, rewritten from here when
        # their data did not change (litreview.memo)
        memo=update("results/memo/synthesize.zip"),
    params:
        settings=config["synthesis"],
    conda:
        "../../envs/litreview.yaml"
    log:
        "results/logs/synthesize.log",
    # One core: the figure rules draw on the other. With two, it would wait for both to be free
    # and the report for the figure jobs it had held back.
    threads: 1
    # The report waits for it: ahead of the figure jobs and stage prints ready with it.
    priority: 2
    resources:
        mem_mb=2000,
    script:
        "../scripts/synthesize.py"
