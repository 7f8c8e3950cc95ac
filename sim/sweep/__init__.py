"""Parameter sweeps and ensembles: a sweep file names a base scenario, the parameters to vary
and a design; runs go to one folder that streams results to disk and can resume.

Experiment definition (:mod:`spec`, :mod:`design`, :mod:`seeds`) is kept apart from execution
(:mod:`evaluator` with serial, process and dask implementations), storage (:mod:`store`) and
analysis (:mod:`analysis` choosing by design among :mod:`summary`, :mod:`sobol`, :mod:`morris`,
:mod:`discovery` and the figure modules).
"""
