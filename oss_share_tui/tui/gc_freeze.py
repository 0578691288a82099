"""Keep long-lived objects out of the cyclic garbage collector, so a full collection never stalls the UI."""

from __future__ import annotations

import gc


def freeze_survivors() -> None:
    """Move what is alive now out of the cyclic collector's reach (`gc.freeze`).

    Every row of a listing and every widget is a GC-tracked object, so each full collection walks all of
    them, holding the GIL on the event loop: ~250 ms at 100,000 rows here, 80-130 ms for the app's heap
    during a preview (profiled; that was the whole stall). Frozen objects are still freed by reference
    counting when they go (rows hold no cycles). The youngest generation is collected first, so fresh
    garbage cycles are not frozen with them (collecting the next one too cost ~2.5 ms a page).
    """
    gc.collect(0)
    gc.freeze()
