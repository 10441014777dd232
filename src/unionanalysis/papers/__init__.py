"""What a paper needs from the compendium: references, provenance and a citable release.

:mod:`~unionanalysis.papers.cite` turns metric or source ids into references (BibTeX, CSL-JSON,
formatted text), :mod:`~unionanalysis.papers.provenance` records which curated rows each output
file was drawn from, and :mod:`~unionanalysis.papers.release` writes the versioned data archive
(``unionanalysis release``).
"""
