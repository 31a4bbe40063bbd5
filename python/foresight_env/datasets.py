"""A run folder's dataset files in episode order, sharded or not (docs/datasets.md).

    from foresight_env.datasets import dataset_files, read_records
    for record in read_records("runs/gridworld-vgps-20261206-073712-348"):
        ...

A run with `--workers` writes its datasets in shards, `shards/<k>/dataset/`, one per chunk of episodes;
a queued run (`--queue`) writes `dataset/` and leaves there the batches that waited when its producer
was killed, in `shards/<batch>/dataset/`. The episodes are in order when the run folder's own files
come first and the shards follow by number — 2 before 10, which sorting names as text gets wrong
(runtime/run-folder.ts, `writerFolders`, is the order Foresight itself reads them in).

A Dataset collector writes where its `folder` param says (`dataset` by default): the run folder's
copy of its pipeline, `pipeline.foresight.json`, has it, and `foresight train` looks there too
(cli/training-data.ts, `datasetFolders`).
"""

import json
import re
import warnings
from pathlib import Path

__all__ = ["collector_folders", "dataset_files", "read_records"]

PIPELINE_COPY = "pipeline.foresight.json"
DEFAULT_FOLDER = "dataset"


def collector_folders(run):
    """The `folder` params of the Dataset collectors in the run's pipeline copy, relative to the run
    folder (`dataset` where one leaves it out, or where there is no copy that reads)."""
    try:
        with open(Path(run) / PIPELINE_COPY, encoding="utf-8") as file:
            nodes = json.load(file).get("nodes", [])
    except (OSError, ValueError, AttributeError):
        return [DEFAULT_FOLDER]
    folders = []
    for node in nodes if isinstance(nodes, list) else []:
        if not isinstance(node, dict) or node.get("kind") != "dataset":
            continue
        params = node.get("params")
        folder = params.get("folder") if isinstance(params, dict) else None
        folder = folder if isinstance(folder, str) else DEFAULT_FOLDER
        if folder not in folders:
            folders.append(folder)
    return folders or [DEFAULT_FOLDER]


def dataset_files(run, stream="transitions", folder=None, suffix=".jsonl"):
    """The run's `<stream><suffix>` files (`transitions`, `preferences`, `candidates`; `.jsonl` or
    `.parquet`) in episode order: the run folder's own, then each shard's by number. `folder` is the
    Dataset collector's `folder` param, relative to the run folder; left out, every collector's, as
    the run's pipeline copy has them. A run folder that is not there is a FileNotFoundError: a
    mistyped name would otherwise read as a run that recorded nothing."""
    run = Path(run)
    if not run.exists():
        raise FileNotFoundError(f"{run}: no such run folder")
    if not run.is_dir():
        raise NotADirectoryError(f"{run}: not a run folder (name the folder, runs/<pipeline>-<timestamp>, not a file in it)")
    folders = [folder] if folder is not None else collector_folders(run)
    homes = [run]
    shards = run / "shards"
    if shards.is_dir():
        # Only whole shards: a queued batch is written as `<batch>.partial/` and renamed when whole.
        homes += sorted((p for p in shards.iterdir() if p.name.isdigit() and p.is_dir()), key=lambda p: int(p.name))
    return [path for home in homes for name in folders for path in [home / name / f"{stream}{suffix}"] if path.is_file()]


def read_records(run, stream="transitions", folder=None):
    """Every record of the run's `<stream>.jsonl` files, as dicts, in episode order. Observations and
    actions stay JSON text, as recorded: `foresight_env.encodings` reads that text. A run killed
    mid-write may end a file in a torn line: its episode (never finished) is left out whole, with a
    warning, as `foresight train` does; `npx foresight dataset repair <run>` cuts it off the file. A
    line before the end that is not JSON raises ValueError naming the file and line. The files are
    found at the call, so a missing run folder raises here, not at the first record."""
    return _records(dataset_files(run, stream, folder), Path(run))


# Every stream's lines begin with their episode (nodes/dataset/read-dataset.ts, episodeOfLine).
_EPISODE_OF_LINE = re.compile(rb'^\{"episode":(\d+)[,}]')


def _records(paths, run):
    for path in paths:
        yield from _file_records(path, run)


def _file_records(path, run):
    # An episode's lines go out in one write, which a kill may cut after some of them: the records of
    # the last episode wait here until a line of the next one (or a whole end) shows it is complete.
    last_episode = []
    with open(path, "rb") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.endswith(b"\n"):
                if line.strip():
                    _warn_torn(path, run, line)
                    last_episode = [record for record in last_episode if record.get("episode") != _episode_of(line)]
                break
            if not line.strip():
                continue
            record = _parse(line, path, number)
            if last_episode and record.get("episode") != last_episode[-1].get("episode"):
                yield from last_episode
                last_episode = []
            last_episode.append(record)
    yield from last_episode


def _parse(line, path, number):
    try:
        text = line.decode("utf-8")
        return json.loads(text[1:] if number == 1 and text.startswith("\ufeff") else text)
    except ValueError as error:
        raise ValueError(f"{path}, line {number}: not a JSON record ({error})") from error


def _episode_of(line):
    match = _EPISODE_OF_LINE.match(line)
    return int(match.group(1)) if match else None


def _warn_torn(path, run, line):
    episode = _episode_of(line)
    left_out = f"episode {episode} (never finished) is left out" if episode is not None else "its episode cannot be told, so only that line is left out"
    warnings.warn(f"{path}: its last line is cut off (a run killed mid-write): {left_out}; `npx foresight dataset repair {run}` cuts it off the file", stacklevel=4)
