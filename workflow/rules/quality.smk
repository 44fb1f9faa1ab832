rule quality:
    """MINORS, Newcastle-Ottawa and level of evidence for every included study, each item with its
    evidence or not_reported; reviewer assessments override; agreement; traffic-light figures."""
    # Paths, not rules.X references, next to the list of every raw file (see provenance.smk).
    input:
        records="results/ingest/records.csv",
        files="results/ingest/files.csv",
        decisions="results/screen/decisions.csv",
        studies="results/extract/studies.csv",
        instruments=config["quality"]["instruments"],
        instrument_schema="workflow/schemas/instrument.schema.yaml",
        assessments=reviewer_files(config["quality"]["assessments_dir"]),
        raw=[f"{RAW}/{name}" for name in RAW_FILES],
        code=code("quality", "quality_figures", "spans", "tables", "stages/common", "stages/quality"),
    output:
        item_scores="results/quality/items.csv",
        summary="results/quality/summary.csv",
        agreement="results/quality/agreement.csv",
        disagreements="results/quality/disagreements.csv",
        figures=directory("results/quality/figures"),
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
