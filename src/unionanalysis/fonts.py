"""The CJK font that Chinese-label figures are drawn with: Noto Sans CJK SC.

Noto Sans CJK is openly licensed (SIL Open Font License 1.1) and comes from Debian's
``fonts-noto-cjk`` package, which ``make figures`` and ``.ci/run`` install where it is
missing. Figure bytes depend on the font file, so a build (``UNIONANALYSIS_BUILD=1``) refuses
any other version of it with an error that says what to install, rather than quietly
writing figures that differ from the committed ones.
"""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path

from matplotlib import font_manager

__all__ = ["CJK_FAMILY", "CJK_FONT_FILES", "FontError", "require_cjk_font"]

CJK_FAMILY = "Noto Sans CJK SC"
# Where Debian's fonts-noto-cjk puts the regular weight, and the file the figures were made
# with (fonts-noto-cjk 1:20220127+repack1-1, Debian 12).
CJK_FONT_FILES = (Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),)
CJK_FONT_SHA256 = "b76b0433203017ca80401b2ee0dd69350349871c4b19d504c34dbdd80541690a"
INSTALL_HINT = "apt-get install fonts-noto-cjk (make figures and .ci/run do this)"


class FontError(RuntimeError):
    """The CJK font is missing, or not the version the figures were built with."""


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@functools.lru_cache(maxsize=1)
def require_cjk_font() -> Path:
    """Make Noto Sans CJK SC known to matplotlib and return its file.

    Registering the file directly works even when matplotlib's font cache predates the
    font's installation. Raises :class:`FontError` naming the fix when the font is missing,
    or, in a build, when it is another version than the one the figures were made with.
    """
    path = next((p for p in CJK_FONT_FILES if p.is_file()), None)
    if path is None:
        raise FontError(
            f"Chinese labels need the font {CJK_FAMILY}, not found at "
            f"{', '.join(map(str, CJK_FONT_FILES))}: {INSTALL_HINT}"
        )
    if os.environ.get("UNIONANALYSIS_BUILD") == "1" and _sha256(path) != CJK_FONT_SHA256:
        raise FontError(
            f"{path} is not the Noto Sans CJK the figures were built with (sha256 "
            f"{_sha256(path)}, expected {CJK_FONT_SHA256}); its glyphs would change the "
            "figure bytes. Install Debian 12's fonts-noto-cjk 1:20220127+repack1-1."
        )
    known = {(f.name, f.fname) for f in font_manager.fontManager.ttflist}
    if (CJK_FAMILY, str(path)) not in known:
        font_manager.fontManager.addfont(str(path))
    return path
