"""Reading LactMed sources: one XML file, a directory of them, or NCBI's .tar.gz, streamed
one member at a time (pure: no database)."""

import gzip
import tarfile
import zlib
from collections.abc import Iterator
from pathlib import Path

from drugs.importers.errors import ImportFileError, Progress
from drugs.importers.lactmed.records import MAX_MEMBER_BYTES, XML_SUFFIXES

# --- Reading sources ----------------------------------------------------------------------


def iter_sources(path: Path, progress: Progress | None = None) -> Iterator[tuple[str, bytes]]:
    """Yield ``(name, bytes)`` for each XML document in a file, directory or tar archive, one
    at a time (an archive is streamed, never unpacked in memory)."""
    path = Path(path)
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and _is_xml_name(p.name))
        if not files:
            raise ImportFileError(f"{path}: no .nxml/.xml files in this directory")
        for done, file in enumerate(files, start=1):
            yield str(file.relative_to(path)), file.read_bytes()
            if progress:
                progress(done, len(files))
        return
    name = path.name.lower()
    if name.endswith((".tar.gz", ".tgz", ".tar")) or (
        not _is_xml_name(name) and tarfile.is_tarfile(path)
    ):
        yield from _iter_tar(path, progress)
        return
    if _is_xml_name(name):
        yield path.name, path.read_bytes()
        if progress:
            progress(1, 1)
        return
    raise ImportFileError(f"{path}: expected a .nxml/.xml file, a directory or a .tar.gz")


def _is_xml_name(name: str) -> bool:
    return name.lower().endswith(XML_SUFFIXES) and not Path(name).name.startswith("._")


def _iter_tar(path: Path, progress: Progress | None = None) -> Iterator[tuple[str, bytes]]:
    """Members of a (gzipped) tar, streamed: ``r|*`` never seeks and keeps one member in memory;
    ``progress`` gets the compressed bytes read so far out of the file size."""
    last = "(none: the damage is before the first record)"
    count = 0
    size = path.stat().st_size
    try:
        with path.open("rb") as raw, tarfile.open(fileobj=raw, mode="r|*") as tar:
            for member in tar:
                if not member.isfile() or not _is_xml_name(member.name):
                    continue
                if member.size > MAX_MEMBER_BYTES:
                    raise ImportFileError(
                        f"{path.name}: member {member.name} is larger than {MAX_MEMBER_BYTES} bytes"
                    )
                handle = tar.extractfile(member)
                if handle is None:
                    continue
                data = handle.read()
                if len(data) != member.size:
                    raise EOFError(f"member {member.name} is cut short")
                yield f"{path.name}:{member.name}", data
                last = member.name
                count += 1
                if progress:
                    progress(min(raw.tell(), size), size)
    except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        raise ImportFileError(
            f"{path.name}: archive is truncated or corrupt ({exc}) after {count} complete "
            f"record file(s); last complete member: {last}. Nothing was imported."
        ) from exc
    if path.name.lower().endswith((".gz", ".tgz")):
        # tarfile stops at the end-of-archive blocks; read to the gzip trailer as well, so a
        # file cut in its padding or checksum is also refused.
        try:
            with gzip.open(path, "rb") as stream:
                while stream.read(1024 * 1024):
                    pass
        except (EOFError, OSError, zlib.error) as exc:
            raise ImportFileError(
                f"{path.name}: archive is truncated or corrupt ({exc}) after its last member "
                f"{last}. Nothing was imported."
            ) from exc
    if count == 0:
        raise ImportFileError(f"{path.name}: no .nxml/.xml records in this archive")
