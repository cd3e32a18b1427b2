"""Recompute straight from big call files: several processes, memory bounded whatever the file size.

The in-memory path (:func:`auditor.ingest.read_calls` then :func:`auditor.metrics.compute.recompute`)
holds the whole canonical table (about 135 bytes a row). Here a canonical CSV or Parquet file
is read in blocks that worker processes coerce exactly as the table builder would
(:mod:`auditor.streaming.block`): each block gives its summed building blocks per group, its
small distinct keys (agents, agent-days) and its data-quality issues, and spills the few columns
the checks across rows need to temporary files split by phone number and by call id
(:mod:`auditor.streaming.spill`). Each split is then read on its own
(:mod:`auditor.streaming.partition`): every dial of a number is in one split, so frequency caps,
redials after an opt-out, near-duplicate dials and distinct numbers are exact; every row of a
call id is in one split, so duplicate call ids are too. The parts are added up
(:mod:`auditor.streaming.assemble`) into the same :class:`~auditor.metrics.model.MetricSet` and
data-quality issues as the in-memory path.

The audit's record rules (:mod:`auditor.streaming.audit`) and the recording sample
(:mod:`auditor.streaming.sample`) read every column back from splits by phone, a call table
of one split at a time.
"""

from auditor.streaming.recompute import StreamedRecompute, can_stream, recompute_files

__all__ = ["StreamedRecompute", "can_stream", "recompute_files"]
