"""Where tasks run: in this process, on a local process pool, or on Dask, behind one
``Evaluator`` interface. Generic over the task and its result, so sweeps and calibrations
(scenario runs, ``sim.sweep.backends``) and bargaining batches (KTAB files,
``sim.bargaining.batch_backends``) share the same backends and the same error handling."""
