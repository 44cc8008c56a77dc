"""Log lines that user input cannot forge.

Two layers: ``safe()`` escapes one user-supplied value where it is logged (newlines, carriage
returns, other control and bidi-formatting characters become visible ``\\n``/``\\x1b``/``\\u202e``
escapes, and the value is bounded), and the formatters below escape the whole message of every
record, so a call site that forgets ``safe()`` still writes exactly one line per record.
``DJANGO_LOG_FORMAT=json`` writes one JSON object per line instead (the message is a JSON
string, so it cannot break out of its line either). Exception tracebacks keep their lines.
"""

import datetime
import json
import logging
import unicodedata
from typing import Any

MAX_VALUE_CHARS = 200
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\\": "\\\\"}
_UNSAFE_CATEGORIES = {"Cc", "Cf", "Zl", "Zp"}  # controls, format (bidi), line/paragraph seps


def escape(text: str) -> str:
    """`text` on one line, with every control character visibly escaped."""
    if text.isprintable() and "\\" not in text:
        return text  # the common case, untouched
    out = []
    for ch in text:
        if ch in _NAMED:
            out.append(_NAMED[ch])
        elif unicodedata.category(ch) in _UNSAFE_CATEGORIES:
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


def safe(value: Any, max_chars: int = MAX_VALUE_CHARS) -> str:
    """One user-supplied value for a log line: escaped, bounded, '-' when empty."""
    text = "" if value is None else str(value)
    if len(text) > max_chars:
        text = text[:max_chars] + "…"
    return escape(text) or "-"


class EscapingFormatter(logging.Formatter):
    """The plain text format, one line per record whatever the message contains."""

    def formatMessage(self, record: logging.LogRecord) -> str:
        record.message = escape(record.message)
        return super().formatMessage(record)


class JsonLinesFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message (and the traceback, if any)."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
