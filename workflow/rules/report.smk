rule report:
    """The HTML report: the jupytext notebook executed by papermill, code cells hidden."""
    input:
        notebook="workflow/notebooks/report.py",
        tables=rules.synthesize.output.tables,
        quality=rules.quality.output.summary,
        prisma=rules.synthesize.output.prisma_png,
        forest=rules.forest.output.forest,
        files=rules.ingest.output.files,
        quality_figures=rules.quality_figures.output.figures,
        code=code("stages/report"),
    output:
        notebook="results/report/report.ipynb",
        html="results/report/report.html",
    params:
        parameters={
            "review_title": config["review"]["title"],
            "review_question": config["review"].get("question", ""),
            "max_rows": config["review"]["report_max_rows"],
            "tables_dir": "results/tables",
            "figures_dir": "results/figures",
            "quality_dir": "results/quality/figures",
            "quality_table": "results/quality/summary.csv",
            "files_table": "results/ingest/files.csv",
        },
    conda:
        "../../envs/litreview.yaml"
    log:
        "results/logs/report.log",
    threads: 1
    # The longest job left when it is ready: ahead of the workbook and the stage prints.
    priority: 2
    resources:
        mem_mb=2000,
    script:
        "../scripts/report.py"
