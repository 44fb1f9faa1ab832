rule dedup_features:
    """The comparison features of one batch's records (folded title, its kind and numbers, author
    keys, journal key, pages, year), which the dedup job gathers: a new file rebuilds only its
    batch's."""
    input:
        records=rules.ingest_batch.output.records,
        settings=config["dedup"]["settings"],
        schema="workflow/schemas/dedup.schema.yaml",
        code=code(
            "dedup", "dedup_features", "dedup_config", "normalize", "schema", "tables", "stages/dedup"
        ),
    output:
        "results/dedup/batches/{batch}.features.csv",
    conda:
        "../../envs/litreview.yaml"
    log:
        "results/logs/dedup/{batch}.log",
    threads: 1
    # Dedup waits for every batch's features and for the ingest gather, and everything after it
    # for dedup: these first, and the batch jobs' extraction and scoring beside dedup.
    priority: 3
    resources:
        mem_mb=1000,
    script:
        "../scripts/dedup_features.py"


rule dedup:
    """Duplicate clusters over all records (each cluster's canonical record marked), a merge log
    with the rule and field scores of every merge, and reports of one study linked under one
    study_id. The canonical records themselves are the canonical rule's."""
    input:
        records=rules.ingest.output.records,
        features=expand(rules.dedup_features.output[0], batch=sorted(BATCHES)),
        settings=config["dedup"]["settings"],
        decisions=config["dedup"]["decisions"],
        code=code(
            "dedup", "dedup_features", "dedup_config", "normalize", "schema", "tables", "stages/dedup"
        ),
        schema="workflow/schemas/dedup.schema.yaml",
    output:
        clusters="results/dedup/clusters.csv",
        merge_log="results/dedup/merge_log.csv",
        study_links="results/dedup/study_links.csv",
    conda:
        "../../envs/litreview.yaml"
    log:
        "results/logs/dedup.log",
    threads: 1
    priority: 3
    resources:
        mem_mb=4000,
    script:
        "../scripts/dedup.py"


rule canonical:
    """One canonical record per cluster: its most complete member, each empty field filled from
    the next most complete member that has it. A job of its own, beside screening, which needs
    only the clusters table: only the RIS/BibTeX exports read these 160 MB (at 100,000
    records) of CSV."""
    input:
        records=rules.ingest.output.records,
        clusters=rules.dedup.output.clusters,
        code=code(
            "dedup", "dedup_features", "dedup_config", "normalize", "schema", "tables", "stages/dedup"
        ),
    output:
        "results/dedup/canonical.csv",
    conda:
        "../../envs/litreview.yaml"
    log:
        "results/logs/canonical.log",
    threads: 1
    # Beside screening and extraction, ahead of the stage prints.
    priority: 1
    resources:
        mem_mb=4000,
    script:
        "../scripts/canonical.py"
