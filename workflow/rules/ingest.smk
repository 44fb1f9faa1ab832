rule ingest_file:
    """Parse one raw file into normalised records; unreadable records go to its rejected table."""
    input:
        raw=raw_path,
        code=code("readers", "schema", "textio", "normalize", "tables", "stages/ingest"),
    output:
        records="results/ingest/files/{key}.records.csv",
        rejected="results/ingest/files/{key}.rejected.csv",
        report="results/ingest/files/{key}.report.csv",
    params:
        source_file=lambda wc: f"{RAW}/{KEYS[wc.key]}",
        sha256=raw_sha256,
    conda:
        "../../envs/litreview.yaml"
    log:
        "results/logs/ingest/{key}.log",
    threads: 1
    resources:
        mem_mb=2000,
    script:
        "../scripts/ingest_file.py"


rule ingest:
    """All records of the run in one table, with the per-file report and every rejected record."""
    input:
        records=expand("results/ingest/files/{key}.records.csv", key=sorted(KEYS)),
        rejected=expand("results/ingest/files/{key}.rejected.csv", key=sorted(KEYS)),
        reports=expand("results/ingest/files/{key}.report.csv", key=sorted(KEYS)),
        code=code("tables", "stages/ingest"),
    output:
        records="results/ingest/records.csv",
        rejected="results/ingest/rejected.csv",
        files="results/ingest/files.csv",
    conda:
        "../../envs/litreview.yaml"
    log:
        "results/logs/ingest/gather.log",
    threads: 1
    resources:
        mem_mb=4000,
    script:
        "../scripts/ingest_gather.py"
