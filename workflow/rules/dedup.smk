rule dedup:
    """Duplicate clusters over all records, one canonical record per cluster, a merge log with the
    rule and field scores of every merge, and reports of one study linked under one study_id."""
    input:
        records=rules.ingest.output.records,
        settings=config["dedup"]["settings"],
        decisions=config["dedup"]["decisions"],
        code=code(
            "dedup", "dedup_features", "dedup_config", "normalize", "schema", "tables", "stages/dedup"
        ),
        schema="workflow/schemas/dedup.schema.yaml",
    output:
        clusters="results/dedup/clusters.csv",
        canonical="results/dedup/canonical.csv",
        merge_log="results/dedup/merge_log.csv",
        study_links="results/dedup/study_links.csv",
    conda:
        "../../envs/litreview.yaml"
    log:
        "results/logs/dedup.log",
    threads: 1
    resources:
        mem_mb=4000,
    script:
        "../scripts/dedup.py"
