rule extract_file:
    """Candidate study characteristics, outcome values and effect estimates of every record of one
    raw file, each with its evidence span in the source. Per file, so a new file extracts alone."""
    input:
        records=rules.ingest_file.output.records,
        report=rules.ingest_file.output.report,
        raw=raw_path,
        vocabulary=config["vocabulary"],
        code=code("extract", "spans", "tables", "textio", "stages/common", "stages/extract"),
    output:
        studies="results/extract/files/{key}.studies.csv",
        outcomes="results/extract/files/{key}.outcomes.csv",
        effects="results/extract/files/{key}.effects.csv",
        qa="results/extract/files/{key}.qa.csv",
    conda:
        "../../envs/litreview.yaml"
    log:
        "results/logs/extract/{key}.log",
    threads: 1
    resources:
        mem_mb=2000,
    script:
        "../scripts/extract_file.py"


rule extract:
    """The included studies' values (results/extract/), with reviewer corrections applied."""
    input:
        studies=expand(rules.extract_file.output.studies, key=sorted(KEYS)),
        outcomes=expand(rules.extract_file.output.outcomes, key=sorted(KEYS)),
        effects=expand(rules.extract_file.output.effects, key=sorted(KEYS)),
        qa=expand(rules.extract_file.output.qa, key=sorted(KEYS)),
        decisions="results/screen/decisions.csv",
        curation=config["extraction"]["curation"],
        code=code("extract", "tables", "stages/extract"),
    output:
        studies="results/extract/studies.csv",
        outcomes="results/extract/outcomes.csv",
        effects="results/extract/effects.csv",
        qa="results/extract/qa.csv",
    conda:
        "../../envs/litreview.yaml"
    log:
        "results/logs/extract/gather.log",
    threads: 1
    resources:
        mem_mb=4000,
    script:
        "../scripts/extract_gather.py"
