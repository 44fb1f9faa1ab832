rule quality_batch:
    """Instrument items of every record one batch extracted, with their evidence, scored with the
    characteristics extraction found there (the quality rule takes them for the included
    studies). A new file re-scores only its batch."""
    input:
        records=rules.ingest_batch.output.records,
        regions=rules.ingest_batch.output.regions,
        studies=rules.extract_batch.output.studies,
        status=rules.extract_batch.output.status,
        instruments=config["quality"]["instruments"],
        instrument_schema="workflow/schemas/instrument.schema.yaml",
        code=code("quality", "spans", "regions", "tables", "stages/common", "stages/quality"),
    output:
        scored="results/quality/batches/{batch}.items.csv",
    conda:
        "../../envs/litreview.yaml"
    log:
        "results/logs/quality/{batch}.log",
    threads: 1
    resources:
        mem_mb=2000,
    script:
        "../scripts/quality_batch.py"


rule quality:
    """MINORS, Newcastle-Ottawa and level of evidence for every included study, each item with its
    evidence or not_reported; reviewer assessments override; agreement. The figures are the
    quality_figures rule's."""
    input:
        records=rules.ingest.output.records,
        decisions=rules.screen.output.decisions,
        studies=rules.extract.output.studies,
        scored=expand(rules.quality_batch.output.scored, batch=sorted(BATCHES)),
        # read only for studies scored again here (corrected or included by a reviewer)
        regions=expand(rules.ingest_batch.output.regions, batch=sorted(BATCHES)),
        instruments=config["quality"]["instruments"],
        instrument_schema="workflow/schemas/instrument.schema.yaml",
        assessments=reviewer_files(config["quality"]["assessments_dir"]),
        code=code(
            "quality",
            "forking",
            "spans",
            "regions",
            "tables",
            "stages/common",
            "stages/quality",
        ),
    output:
        item_scores="results/quality/items.csv",
        summary="results/quality/summary.csv",
        agreement="results/quality/agreement.csv",
        disagreements="results/quality/disagreements.csv",
    conda:
        "../../envs/litreview.yaml"
    log:
        "results/logs/quality.log",
    # One core, so that the forest rule draws on the other: the batch jobs score every study,
    # and this job scores again in worker processes only a reviewer's 200 or more corrections.
    threads: 1
    # First, with the forest plots: after extraction, the quality figures wait for it, and the
    # report for them (the forest rule, in synthesize.smk, says why the plots go first).
    priority: 2
    resources:
        mem_mb=2000,
    script:
        "../scripts/quality.py"


rule quality_figures:
    """Traffic-light and summary figures (robvis style) of each scored instrument, from the item
    table, drawn beside synthesis."""
    input:
        item_scores=rules.quality.output.item_scores,
        code=code("quality_figures", "figures", "forking", "memo", "tables", "stages/quality_figures"),
    output:
        figures=directory("results/quality/figures"),
        # the figures of the previous run, redrawn only when their data changed (litreview.memo)
        memo=update("results/memo/quality_figures.zip"),
    params:
        max_studies=config["quality"]["figure_max_studies"],
    conda:
        "../../envs/litreview.yaml"
    log:
        "results/logs/quality_figures.log",
    # One core, beside synthesis: one traffic-light figure is most of the drawing (6.2 s on one
    # worker, 6.0 s on two at 6,600 studies), so a second worker would gain little.
    threads: 1
    # Ahead of the stage prints: the report waits for it, only provenance for them.
    priority: 1
    resources:
        mem_mb=2000,
    script:
        "../scripts/quality_figures.py"
