rule screen:
    """Include / exclude / unclear for every deduplicated record, with a reason code and the text
    that decided it; reviewer decision files override; PRISMA counts."""
    # Paths, not rules.X references, next to the list of every raw file (see provenance.smk).
    input:
        records="results/ingest/records.csv",
        files="results/ingest/files.csv",
        rejected="results/ingest/rejected.csv",
        canonical="results/dedup/canonical.csv",
        criteria=config["screening"]["criteria"],
        vocabulary=config["vocabulary"],
        decisions=reviewer_files(config["screening"]["decisions_dir"]),
        raw=[f"{RAW}/{name}" for name in RAW_FILES],
        code=code("screen", "extract", "spans", "tables", "stages/common", "stages/screen"),
    output:
        decisions="results/screen/decisions.csv",
        evidence="results/screen/evidence.csv",
        agreement="results/screen/agreement.csv",
        prisma="results/screen/prisma.csv",
    conda:
        "../../envs/litreview.yaml"
    log:
        "results/logs/screen.log",
    threads: 1
    resources:
        mem_mb=4000,
    script:
        "../scripts/screen.py"
