rule screen:
    """Include / exclude / unclear for every deduplicated record: the rules' decision (made once
    per record in the batch jobs, with the text that decided it), reviewer decision files over
    it, and the PRISMA counts."""
    input:
        decisions_auto=expand(rules.extract_batch.output.screen, batch=sorted(BATCHES)),
        evidence_auto=expand(rules.extract_batch.output.screen_evidence, batch=sorted(BATCHES)),
        records=rules.ingest.output.records,
        rejected=rules.ingest.output.rejected,
        clusters=rules.dedup.output.clusters,
        criteria=config["screening"]["criteria"],
        schema="workflow/schemas/screening.schema.yaml",
        decisions=reviewer_files(config["screening"]["decisions_dir"]),
        code=code("screen", "tables", "stages/screen"),
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
    # On the chain from dedup to the tables: ahead of the canonical records and stage prints.
    priority: 3
    resources:
        mem_mb=4000,
    script:
        "../scripts/screen.py"
