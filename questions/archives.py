"""Checks on a zip archive (a .docx, an .apkg, any zip) before anything reads its members.

A zip's central directory says how large each member is once expanded, and Python's ``zipfile`` never
expands a member past that size (it stops there, and a wrong CRC is an error), so checking the
directory bounds what reading can cost: a decompression bomb is refused before it is opened.
"""

from __future__ import annotations

import io
import zipfile

MB = 1024 * 1024
#: the most all members of an archive may expand to
MAX_TOTAL_BYTES = 50 * MB
#: the most a member may expand relative to its compressed size (text compresses 5-20 times; bombs 1000)
MAX_RATIO = 100
#: members this small are not held to the ratio (a tiny file of one repeated byte is harmless)
RATIO_FLOOR_BYTES = 1 * MB
#: the most members an archive may hold
MAX_MEMBERS = 2000


class ArchiveError(ValueError):
    """An archive that cannot be opened; the message is written for the user."""


class ArchiveTooLarge(ArchiveError):
    """An archive that would expand beyond the limits; the message is written for the user."""


def check_zip(
    data: bytes,
    *,
    max_total: int = MAX_TOTAL_BYTES,
    max_ratio: int = MAX_RATIO,
    max_members: int = MAX_MEMBERS,
    what: str = "file",
) -> None:
    """Refuse an archive whose members would expand past ``max_total`` in all, more than ``max_ratio``
    times their compressed size, or that holds more than ``max_members`` members.

    Raises :class:`ArchiveTooLarge` saying which limit, or :class:`ArchiveError` when the bytes are not
    a zip at all. Reads only the central directory.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise ArchiveError(f"This {what} could not be opened; it is not a valid archive.") from exc
    if len(members) > max_members:
        raise ArchiveTooLarge(f"This {what} holds {len(members)} parts; the most accepted is {max_members}.")
    total = 0
    for member in members:
        total += member.file_size
        if total > max_total:
            raise ArchiveTooLarge(
                f"This {what} would expand to more than {max_total // MB} MB once unpacked; "
                f"the largest accepted is {max_total // MB} MB. Save the document again, without "
                "embedded files, or paste its text."
            )
        if member.file_size > RATIO_FLOOR_BYTES and member.file_size > max_ratio * max(
            member.compress_size, 1
        ):
            raise ArchiveTooLarge(
                f"This {what} is packed unusually tightly (a part expands more than {max_ratio} times); "
                "it looks like a decompression bomb and was not opened. Save the document again, or "
                "paste its text."
            )
