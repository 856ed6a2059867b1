"""Imported only by the process pool's fork server (`parallel.PRELOAD`), never by the package.

Importing this module is its job: `pipeline.warm_up` builds every lazily built table once
in the server, and each worker forked from it starts warm, sharing those pages, instead
of spending a second building its own. A failure here only means the workers warm
themselves up, as without this module.
"""
from __future__ import annotations

import gc as _gc

try:
    from .pipeline import warm_up as _warm_up

    _warm_up()
except Exception:  # never stop the server: workers would then warm up on their own
    pass
# the tables built above live as long as the workers: frozen, the workers' collections
# never walk them (a full collection in a worker took ~25 ms, now ~2) nor write to their
# pages, which the workers then keep sharing (the gc module's advice for forking servers)
_gc.freeze()
