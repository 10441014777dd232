"""The curation stage: propose complete metric and exclusion rows, stage them, merge them.

``unionanalysis curate`` proposes; ``unionanalysis validate --staged DIR``
checks staged rows with the validator's rules; ``unionanalysis curate
--merge DIR`` appends reviewed rows to ``data/``. One module per rule family
(``places``, ``programmes``, ``indicators``, ``periods``, ``quotes``,
``exclusions``), each rule named in the ``why`` column of the proposals.
"""

from __future__ import annotations

from .propose import Proposal, curate_frame, propose_article

__all__ = ["Proposal", "curate_frame", "propose_article"]
