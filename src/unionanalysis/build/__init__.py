"""The build stage: ``unionanalysis build`` executes the notebooks into ``figures/``.

One component in small modules: :mod:`~unionanalysis.build.plan` (what must run),
:mod:`~unionanalysis.build.state` (content hashes, the manifest), :mod:`~unionanalysis.build.runner`
(one notebook in a fresh kernel), :mod:`~unionanalysis.build.pool` (several at once),
:mod:`~unionanalysis.build.progress` (what the terminal shows), :mod:`~unionanalysis.build.compare`
(``--check``), and :mod:`~unionanalysis.build.command` (the command itself).
"""

from __future__ import annotations

from unionanalysis.build.command import add_arguments, build, check, run

__all__ = ["add_arguments", "build", "check", "run"]
