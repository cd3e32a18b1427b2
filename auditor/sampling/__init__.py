"""Recording spot-checks: size the sample, draw it (seeded, stratified), verify the reviews.

One small module per step (see docs/sampling.md):

* :mod:`.settings`  populations, labels, stratum keys, and the engagement's ``sampling:`` defaults
* :mod:`.size`      attribute sample size, binomial and hypergeometric (AICPA tables A-1/A-2)
* :mod:`.strata`    sharing the sample among strata
* :mod:`.draw`      the seeded draw and its :class:`~.plan.SamplingPlan` (seed, fingerprint, sizes);
  big files are drawn split by split with the same steps (:mod:`auditor.streaming.sample`)
* :mod:`.workbook`  the review workbook (dropdowns), CSV and plan sidecar
* :mod:`.load`      reading a drawn sample back
* :mod:`.reviews`   reviewers' verdicts (zh/en), consensus, agreement and Cohen's kappa
* :mod:`.estimate`  Clopper-Pearson, Wilson, exact population counts, stratified estimates
* :mod:`.claim_test` one-sided tests of a claimed count or rate
* :mod:`.verify`    estimates, claim tests and :mod:`.findings` for a reviewed sample

:func:`auditor.api.sample` and :func:`auditor.api.verify` are the entry points.
"""
