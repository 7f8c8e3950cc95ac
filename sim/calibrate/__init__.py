"""Calibration: fit scenario parameters to documented targets with an optuna study.

``spec`` reads the calibration file, ``targets`` measures runs, ``loss`` scores ensembles,
``prepare`` checks the file against its scenario, ``study`` runs the search on a sweep backend,
``report`` writes trials.csv, the report and the overlay. See docs/calibration.md.
"""
