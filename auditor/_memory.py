"""Returning freed memory to the system, so the peak RSS of a big audit reflects what is live."""

from __future__ import annotations

import contextlib
import ctypes


def release_free_memory() -> None:
    """Hand freed heap pages back to the system (glibc ``malloc_trim``).

    Columns of a few hundred kilobytes, allocated and freed block after block, otherwise stay
    in the process's resident memory as free heap. A no-op where the C library is not glibc.
    """
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    with contextlib.suppress(ImportError, AttributeError):
        import pyarrow

        pyarrow.default_memory_pool().release_unused()  # Arrow's own allocator (jemalloc) keeps freed pages otherwise


def keep_freed_memory() -> None:
    """Keep freed heap pages for reuse instead of returning them to the system (glibc ``mallopt``).

    A worker that allocates and frees the same few hundred kilobyte columns block after block
    otherwise maps and unmaps them each time, and the kernel zeroes every page again (a fifth of
    its CPU time). Arrays up to 32 MB come from the heap, which is never trimmed. A no-op where
    the C library is not glibc.
    """
    m_trim_threshold, m_mmap_threshold = -1, -3
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(m_mmap_threshold, 32 << 20)
        libc.mallopt(m_trim_threshold, 1 << 30)
