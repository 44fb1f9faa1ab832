rule ingest_batch:
    """Parse a batch of raw files into normalised records; unreadable records go to the batch's
    rejected table. The only rule that reads raw/ (provenance records it). Batches group files
    by name (see litreview.manifest.batch_key), so a new or changed file re-runs only its
    batch."""
    input:
        raw=batch_raw,
        code=code(
            "readers",
            "schema",
            "textio",
            "normalize",
            "tables",
            "fingerprints",
            "regions",
            "stages/ingest",
        ),
    output:
        records="results/ingest/batches/{batch}.records.csv",
        # where each file's rows lie in the records table, for the gather (litreview.tables)
        records_index="results/ingest/batches/{batch}.records.json",
        rejected="results/ingest/batches/{batch}.rejected.csv",
        report="results/ingest/batches/{batch}.report.csv",
        # each record's region of its decoded source: the only text the later stages read
        regions="results/ingest/batches/{batch}.regions.jsonl",
        # each raw file's SHA-256 and line fingerprints, for the provenance manifest
        fingerprints="results/ingest/batches/{batch}.fingerprints.json",
    params:
        sources=batch_sources,
    conda:
        "../../envs/litreview.yaml"
    log:
        "results/logs/ingest/{batch}.log",
    threads: 1
    resources:
        mem_mb=2000,
    script:
        "../scripts/ingest_batch.py"


rule ingest:
    """All records of the run in one table, with the per-file report and every rejected record."""
    input:
        records=expand(rules.ingest_batch.output.records, batch=sorted(BATCHES)),
        indexes=expand(rules.ingest_batch.output.records_index, batch=sorted(BATCHES)),
        rejected=expand(rules.ingest_batch.output.rejected, batch=sorted(BATCHES)),
        reports=expand(rules.ingest_batch.output.report, batch=sorted(BATCHES)),
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
    # On the chain to dedup, the longest job of a re-run: ahead of the batch jobs' extraction.
    priority: 3
    resources:
        mem_mb=4000,
    script:
        "../scripts/ingest_gather.py"
