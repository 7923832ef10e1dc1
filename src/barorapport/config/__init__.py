"""Configuration: the project's files read and validated, and the build's options.

- ``base``: YAML loaded with every value's place, pydantic models that report all problems;
- ``report``: report.yaml's schema; ``weighting``: its ``weighting:`` declarations;
- ``report_check``: report.yaml against the rest of the project, in one pass;
- ``project``: where an edition's files are, its previous editions, what its build reads;
- ``options``: the build's options, resolved once.

Light on purpose: no stage (pandas, matplotlib, WeasyPrint) is imported.
"""
