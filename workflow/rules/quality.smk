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
    evidence or not_reported; reviewer assessments override; agreement; traffic-light figures."""
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
            "quality_figures",
            "figures",
            "memo",
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
        figures=directory("results/quality/figures"),
        # the figures of the previous run, redrawn only when their data changed (litreview.memo)
        memo=update("results/memo/quality.zip"),
    params:
        figure_max_studies=config["quality"]["figure_max_studies"],
    conda:
        "../../envs/litreview.yaml"
    log:
        "results/logs/quality.log",
    # the instruments' figures are drawn in parallel (litreview.figures.draw_all)
    threads: 2
    resources:
        mem_mb=2000,
    script:
        "../scripts/quality.py"
