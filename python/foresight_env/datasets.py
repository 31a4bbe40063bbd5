"""A run folder's dataset files in episode order, sharded or not (docs/datasets.md).

    from foresight_env.datasets import dataset_files, read_records
    for record in read_records("runs/gridworld-vgps-20261206-073712-348"):
        ...

A run with `--workers` writes its datasets in shards, `shards/<k>/dataset/`, one per chunk of episodes;
a queued run (`--queue`) writes `dataset/` and leaves there the batches that waited when its producer
was killed, in `shards/<batch>/dataset/`. The episodes are in order when the run folder's own files
come first and the shards follow by number — 2 before 10, which sorting names as text gets wrong
(runtime/run-folder.ts, `writerFolders`, is the order Foresight itself reads them in).
"""

import json
from pathlib import Path

__all__ = ["dataset_files", "read_records"]


def dataset_files(run, stream="transitions", folder="dataset", suffix=".jsonl"):
    """The run's `<stream><suffix>` files (`transitions`, `preferences`, `candidates`; `.jsonl` or
    `.parquet`) in episode order: the run folder's own, then each shard's by number. `folder` is the
    Dataset collector's `folder` param, relative to the run folder (its default, `dataset`)."""
    run = Path(run)
    homes = [run]
    shards = run / "shards"
    if shards.is_dir():
        # Only whole shards: a queued batch is written as `<batch>.partial/` and renamed when whole.
        homes += sorted((p for p in shards.iterdir() if p.name.isdigit() and p.is_dir()), key=lambda p: int(p.name))
    return [path for path in (home / folder / f"{stream}{suffix}" for home in homes) if path.is_file()]


def read_records(run, stream="transitions", folder="dataset"):
    """Every record of the run's `<stream>.jsonl` files, as dicts, in episode order. Observations and
    actions stay JSON text, as recorded: `foresight_env.encodings` reads that text. A run killed
    mid-write may end a file in a torn line: `npx foresight dataset repair <run>` cuts it off."""
    for path in dataset_files(run, stream, folder):
        with open(path, encoding="utf-8") as lines:
            for line in lines:
                if line.strip():
                    yield json.loads(line)
