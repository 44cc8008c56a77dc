"""What every importer's pure steps share, with no Django: the progress callback type and the
error that stops an import before anything is written."""

from collections.abc import Callable, Sequence

MAX_ERRORS_SHOWN = 20

Progress = Callable[[int, int], None]


class ImportFileError(Exception):
    """The source cannot be imported; nothing was written. ``errors`` names each problem."""

    def __init__(self, errors: Sequence[str] | str) -> None:
        self.errors = [errors] if isinstance(errors, str) else list(errors)
        shown = self.errors[:MAX_ERRORS_SHOWN]
        more = len(self.errors) - len(shown)
        text = "\n".join(shown) + (f"\n... and {more} more" if more > 0 else "")
        super().__init__(text)
