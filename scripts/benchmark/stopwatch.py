"""Where the time goes: CPU seconds of the parts of a call, by patching the functions it calls."""

import contextlib
import time


class Stopwatch:
    """Exclusive CPU seconds per label of wrapped functions (a nested wrapped call is its own)."""

    def __init__(self):
        self.totals: dict[str, float] = {}
        self._inner: list[float] = []

    def wrap(self, label: str, fn):
        """fn, its exclusive CPU seconds counted under label."""

        def timed(*args, **kwargs):
            self._inner.append(0.0)
            start = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                elapsed = time.process_time() - start
                inner = self._inner.pop()
                self.totals[label] = self.totals.get(label, 0.0) + elapsed - inner
                if self._inner:
                    self._inner[-1] += elapsed

        return timed

    @contextlib.contextmanager
    def patch(self, targets: list[tuple[object, str, str]]):
        """Time `module.name` under `label` for each (module, name, label) while inside."""
        saved = []
        for module, name, label in targets:
            if hasattr(module, name):
                saved.append((module, name, getattr(module, name)))
                setattr(module, name, self.wrap(label, getattr(module, name)))
        try:
            yield self
        finally:
            for module, name, fn in reversed(saved):
                setattr(module, name, fn)
