"""The copy checks' evaluations (``python -m``): ``study_copy`` (the learning reports' copy
signal, ``study.similarity``) and ``program_copy`` (the action programs' copy check,
``programs.copying``), each on a set generated from a seed with the writers the demo uses
(``demo.report_writer``, ``demo.program_corpus``). Their tests keep the measured precision and
recall."""
