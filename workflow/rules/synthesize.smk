# The tables of what the review found; the quality table is the publish rule's.
TABLE_NAMES = ["characteristics", "outcomes_by_modality", "effects", "prisma", "pooled"]


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
    # With quality, ahead of synthesis: the longest job after extraction when a new study
    # changes pooled estimates (9 s for 6 plots at 100,000 records, against 4 s for synthesis
    # and 4 + 3 s for quality and its figures), so it goes first; the report waits for all.
    priority: 2
    resources:
        mem_mb=2000,
    script:
        "../scripts/forest.py"


rule synthesize:
    """The tables of what the review found (CSV and Markdown), pooled estimates and the PRISMA
    2020 diagram from the pipeline's counts. It waits neither for quality scoring nor for the
    deduplicated records: the publish and export_included rules add those."""
    input:
        records=rules.ingest.output.records,
        decisions=rules.screen.output.decisions,
        prisma=rules.screen.output.prisma,
        studies=rules.extract.output.studies,
        outcomes=rules.extract.output.outcomes,
        effects=rules.extract.output.effects,
        code=code("meta", "figures", "forking", "memo", "export", "tables", "stages/synthesize"),
    output:
        tables=expand("results/tables/{name}.{ext}", name=TABLE_NAMES, ext=["csv", "md"]),
        prisma_svg="results/figures/prisma.svg",
        prisma_png="results/figures/prisma.png",
        # the PRISMA diagram of the previous run, written from here when its counts did not
        # change (litreview.memo)
        memo=update("results/memo/synthesize.zip"),
    params:
        settings=config["synthesis"],
    conda:
        "../../envs/litreview.yaml"
    log:
        "results/logs/synthesize.log",
    # One core: the figure rules and quality draw on the other.
    threads: 1
    # After quality and the forest plots (see forest), ahead of the stage prints.
    priority: 1
    resources:
        mem_mb=2000,
    script:
        "../scripts/synthesize.py"


rule publish:
    """The quality table beside the synthesis tables and one XLSX workbook of every table. Run
    beside the report, which does not wait for it."""
    input:
        tables=rules.synthesize.output.tables,
        quality_summary=rules.quality.output.summary,
        code=code("figures", "forking", "memo", "export", "tables", "stages/publish"),
    output:
        quality_csv="results/tables/quality.csv",
        quality_md="results/tables/quality.md",
        workbook="results/tables/review_tables.xlsx",
        # the workbook of the previous run, written from here when its tables did not change
        # (litreview.memo)
        memo=update("results/memo/publish.zip"),
    params:
        settings=config["synthesis"],
    conda:
        "../../envs/litreview.yaml"
    log:
        "results/logs/publish.log",
    threads: 1
    # Beside the report, ahead of the stage prints: provenance waits for both.
    priority: 1
    resources:
        mem_mb=2000,
    script:
        "../scripts/publish.py"


rule export_included:
    """The included studies' canonical records as RIS and BibTeX, for a reference manager: as soon
    as screening and the canonical records are done, beside extraction and quality."""
    input:
        decisions=rules.screen.output.decisions,
        canonical=rules.canonical.output[0],
        code=code("figures", "forking", "memo", "export", "tables", "stages/publish"),
    output:
        ris="results/tables/included.ris",
        bib="results/tables/included.bib",
        # the exports of the previous run, written from here when their records did not change
        # (litreview.memo)
        memo=update("results/memo/export_included.zip"),
    conda:
        "../../envs/litreview.yaml"
    log:
        "results/logs/export_included.log",
    threads: 1
    # With the stage prints, after every job on the chain to the report: started when a core
    # is free, it held back the forest plots (2-3 s of an added file's re-run).
    resources:
        mem_mb=3000,
    script:
        "../scripts/export_included.py"
