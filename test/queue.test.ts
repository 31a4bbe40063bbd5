import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { join } from "node:path";
import { Queue } from "bullmq";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { dropRun } from "../host/queue/cancel-run.js";
import { batchJobId, EPISODE_QUEUE, runKeys } from "../host/queue/names.js";
import { storeOutcome } from "../host/queue/store-outcome.js";
import { readDataset } from "../nodes/dataset/index.js";
import { BIN, foresightAsync, tempDir, writeExampleVariant, type Finished } from "./fixtures/foresight-process.js";
import { addBonus, BONUS_MODULE } from "./fixtures/kinds/bonus-pipeline.js";
import { freePort, startRedis, type TestRedis } from "./fixtures/redis-server.js";
import { slowGridworldQ } from "./fixtures/slow-q-model.js";
import { needs, redis } from "./fixtures/requirements.js";
import { sleep, until } from "./fixtures/wait.js";

const VGPS = "examples/gridworld-vgps-onnx.foresight.json";

/** Short locks, so a killed worker's batch is taken back within seconds (docs/distributed.md, "Stalled batches"). */
const FAST_RECOVERY = ["--lock-duration", "3000", "--stalled-interval", "1000"];

/** A `foresight` process the test watches line by line and can signal. */
interface Watched {
  child: ChildProcess;
  stdout: string;
  lines: string[];
  exited: Promise<Finished>;
}

function watch(...args: string[]): Watched {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  const watched: Watched = { child, stdout: "", lines: [], exited: undefined as unknown as Promise<Finished> };
  let stderr = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (watched.stdout += chunk));
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
    watched.lines = stderr.split("\n").filter(Boolean);
  });
  watched.exited = new Promise((resolve) => child.once("close", (code) => resolve({ code, stdout: watched.stdout, stderr })));
  return watched;
}

type TraceEvent = { type: string; episode?: number; t?: number; ms?: number };

function readRun(runDir: string) {
  const events = readFileSync(join(runDir, "trace.jsonl"), "utf8").trim().split("\n").map((line) => JSON.parse(line) as TraceEvent);
  const summary = JSON.parse(readFileSync(join(runDir, "summary.json"), "utf8"));
  return { events, summary };
}

/** Per-episode outcomes without the fields that vary between identical runs. */
const outcomes = (events: TraceEvent[]) =>
  events
    .filter((e) => e.type === "episode.end")
    .map(({ t: _t, ms: _ms, ...rest }) => rest)
    .sort((a, b) => a.episode! - b.episode!);

/** Every event of the run's episodes, in episode order, without the fields that vary between identical runs. */
const episodeEvents = (events: TraceEvent[]) =>
  events
    .filter((e) => e.episode !== undefined)
    .map(({ t: _t, ms: _ms, ...rest }) => rest)
    .sort((a, b) => a.episode! - b.episode!);

/** What must equal a local run's: everything in the summary but timings and the run's name. */
const results = (summary: Record<string, unknown>) => {
  const { runId: _id, wallSeconds: _wall, stepsPerSecond: _sps, nodeTime, ...rest } = summary;
  return { ...rest, calls: Object.fromEntries(Object.entries(nodeTime as Record<string, { calls: number }>).map(([kind, t]) => [kind, t.calls])) };
};

const onlyRunFolder = (out: string) => join(out, readdirSync(out)[0]!);

describe("distributed runs on BullMQ and Redis", needs(redis()), () => {
  let server: TestRedis;
  let queue: Queue;
  const workers: Watched[] = [];

  function startWorker(name: string, ...more: string[]): Watched {
    const worker = watch("worker", "--redis", server.url, "--cache", tempDir(`worker-${name}`), "--name", name, ...FAST_RECOVERY, ...more);
    workers.push(worker);
    return worker;
  }
  const listening = (worker: Watched) => until(() => worker.lines.some((l) => l.includes("takes batches from")), 30_000);
  const started = (worker: Watched) => worker.lines.filter((l) => l.endsWith(": started")).length;
  const ended = (worker: Watched) => worker.lines.filter((l) => /: done in |, dropped after /.test(l)).length;
  const queuedRunId = (producer: Watched) => /^queued (\S+):/.exec(producer.lines.find((l) => l.startsWith("queued ")) ?? "")?.[1];
  const waitingOrActive = async () => {
    const counts = await queue.getJobCounts("waiting", "active", "delayed", "prioritized");
    return Object.values(counts).reduce((a, b) => a + b, 0);
  };

  beforeAll(async () => {
    server = await startRedis();
    queue = new Queue(EPISODE_QUEUE, { connection: server.client });
  });
  afterEach(async () => {
    for (const worker of workers.splice(0)) {
      worker.child.kill("SIGTERM");
      await worker.exited;
    }
    // A batch a killed worker held stays active until another worker's stalled-job check: gone before the next test counts jobs.
    await queue.obliterate({ force: true });
  });
  afterAll(async () => {
    await queue?.close();
    await server?.stop();
  });

  it("plays every episode exactly once though a worker is killed mid-batch, and equals a local run", async () => {
    const args = ["--episodes", "120", "--seed", "5", "--trace", "steps", "--json"];
    const localOut = tempDir("queue-local");
    const local = foresightAsync("run", VGPS, ...args, "--out", localOut);
    const a = startWorker("a");
    const b = startWorker("b");
    await Promise.all([listening(a), listening(b)]);

    const out = tempDir("queue-run");
    const producer = watch("run", VGPS, ...args, "--queue", server.url, "--batch", "30", "--out", out);
    // Kill the first worker that starts a batch, while it plays it.
    await until(() => started(a) + started(b) > 0, 30_000);
    const [victim, survivor] = started(a) > 0 ? [a, b] : [b, a];
    victim.child.kill("SIGKILL");
    const lost = victim.lines.find((l) => l.endsWith(": started"))!.replace(/: started$/, "");

    const run = await producer.exited;
    expect(run.code, run.stderr).toBe(0);
    expect(victim.lines.some((l) => l.startsWith(`${lost}: done`)), "the worker was killed after it finished its batch").toBe(false);
    expect(survivor.lines.some((l) => l.startsWith(`${lost}: done`)), "the lost batch was played again by the other worker").toBe(true);
    // The producer says so, once.
    const range = /episodes (\d+–\d+)$/.exec(lost)![1]!;
    expect(run.stderr.split("\n").filter((l) => l === `batch ${range} retried: its worker stopped answering`)).toHaveLength(1);

    const localRun = await local;
    expect(localRun.code, localRun.stderr).toBe(0);
    const queued = readRun(onlyRunFolder(out));
    const serial = readRun(onlyRunFolder(localOut));
    expect(results(queued.summary)).toEqual(results(serial.summary));
    expect(queued.summary.episodes).toBe(120);
    // No episode twice, none lost; the trace has one run.start and one run.end around the batches.
    expect(outcomes(queued.events).map((e) => e.episode)).toEqual(Array.from({ length: 120 }, (_, i) => i));
    expect(outcomes(queued.events)).toEqual(outcomes(serial.events));
    // The trace lines serialised on the workers are the ones a local run writes (candidates in their compact form too).
    expect(episodeEvents(queued.events)).toEqual(episodeEvents(serial.events));
    expect(queued.events.filter((e) => e.type === "run.start")).toHaveLength(1);
    expect(queued.events[0]!.type).toBe("run.start");
    expect(queued.events.at(-1)).toMatchObject({ type: "run.end", status: "completed", episodes: 120 });
    // One dataset, as a local run's: its JSON Lines byte for byte, its Parquet files the same rows; no shard left.
    const [queuedDir, localDir] = [onlyRunFolder(out), onlyRunFolder(localOut)];
    expect(readdirSync(queuedDir).sort()).toEqual([...readdirSync(localDir), "workers.json"].sort());
    expect(readdirSync(join(queuedDir, "dataset")).sort()).toEqual(["preferences.jsonl", "preferences.parquet", "transitions.jsonl", "transitions.parquet"]);
    for (const stream of ["transitions", "preferences"]) {
      expect(readFileSync(join(queuedDir, `dataset/${stream}.jsonl`))).toEqual(readFileSync(join(localDir, `dataset/${stream}.jsonl`)));
      expect(await readDataset(join(queuedDir, `dataset/${stream}.parquet`))).toEqual(await readDataset(join(localDir, `dataset/${stream}.parquet`)));
    }

    // workers.json says who played which batch: every episode once, the lost batch by the survivor; the report shows them.
    const played = JSON.parse(readFileSync(join(queuedDir, "workers.json"), "utf8")) as { workers: { worker: string; episodes: number }[]; batches: { first: number; last: number; worker: string; providers: string[] }[] };
    expect(played.batches.map((b) => [b.first, b.last])).toEqual([[0, 29], [30, 59], [60, 89], [90, 119]]);
    // A worker by its --name and where it runs (host:pid).
    const nameOf = (worker: Watched) => new RegExp(`^${worker === a ? "a" : "b"} \\(.+:\\d+\\)$`);
    expect(played.batches.find((batch) => `${batch.first}–${batch.last}` === range)!.worker).toMatch(nameOf(survivor));
    expect(played.batches.every((batch) => nameOf(a).test(batch.worker) || nameOf(b).test(batch.worker))).toBe(true);
    expect(played.workers.reduce((sum, w) => sum + w.episodes, 0)).toBe(120);
    expect(played.batches.every((b) => b.providers.join() === "cpu")).toBe(true);
    const report = await foresightAsync("report", queuedDir, "--out", join(out, "report.html"));
    expect(report.code, report.stderr).toBe(0);
    expect(readFileSync(join(out, "report.html"), "utf8")).toContain("<h2>Workers</h2>");

    // Nothing of the run is left in Redis: no job, no key.
    expect(await waitingOrActive()).toBe(0);
    expect(await server.client.keys("foresight:run:*")).toEqual([]);
  });

  it("writes a trace at level full whose lines equal a local run's, models named by their paths (a value function's name)", async () => {
    const args = [VGPS, "--episodes", "6", "--seed", "9", "--trace", "full", "--json"];
    const worker = startWorker("t");
    await listening(worker);
    const [localOut, out] = [tempDir("queue-full-local"), tempDir("queue-full-run")];
    const [local, queued] = await Promise.all([foresightAsync("run", ...args, "--out", localOut), foresightAsync("run", ...args, "--queue", server.url, "--batch", "3", "--out", out)]);
    expect(local.code, local.stderr).toBe(0);
    expect(queued.code, queued.stderr).toBe(0);
    const [queuedRun, localRun] = [readRun(onlyRunFolder(out)), readRun(onlyRunFolder(localOut))];
    // The value function is traced at full only: the test at steps could not see it named by the model's hash.
    expect(JSON.stringify(localRun.events)).toContain("max Q of ../assets/models/gridworld-q.onnx");
    expect(episodeEvents(queuedRun.events)).toEqual(episodeEvents(localRun.events));
  });

  it("plays a pipeline with a node kind of the user's own on a worker given the kind's module, as a local run does", async () => {
    const file = writeExampleVariant("gridworld-vgps", tempDir("queue-kinds"), "with-bonus", addBonus);
    const args = [file, "--kinds", BONUS_MODULE, "--episodes", "30", "--seed", "7", "--trace", "steps", "--json"];
    const worker = startWorker("k", "--kinds", BONUS_MODULE);
    await listening(worker);
    const [localOut, out] = [tempDir("queue-kinds-local"), tempDir("queue-kinds-run")];
    // The queued run reports in words (no --json): its batches' notes reach the producer's stderr as a local run's do.
    const inWords = args.filter((arg) => arg !== "--json");
    const [local, queued] = await Promise.all([foresightAsync("run", ...args, "--out", localOut), foresightAsync("run", ...inWords, "--queue", server.url, "--batch", "10", "--out", out)]);
    expect(local.code, local.stderr).toBe(0);
    expect(queued.code, queued.stderr).toBe(0);
    expect(queued.stderr.split("\n").filter((line) => line.startsWith('foresight: node "dataset": '))).toEqual(Array(3).fill('foresight: node "dataset": 10 episodes written to dataset'));
    const [queuedRun, localRun] = [readRun(onlyRunFolder(out)), readRun(onlyRunFolder(localOut))];
    expect(results(queuedRun.summary)).toEqual(results(localRun.summary));
    expect(episodeEvents(queuedRun.events)).toEqual(episodeEvents(localRun.events));
    expect(worker.lines.filter((l) => / done in .* s \(10 episodes, \d+ success(es)?\)$/.test(l))).toHaveLength(3);
  });

  it("logs a batch of a world that reports no success (Pendulum) by its episodes alone, not as '0 successes'", async () => {
    const worker = startWorker("p");
    await listening(worker);
    const queued = await foresightAsync("run", "examples/pendulum-random.foresight.json", "--episodes", "2", "--trace", "off", "--quiet", "--queue", server.url, "--out", tempDir("queue-pendulum"));
    expect(queued.code, queued.stderr).toBe(0);
    expect(worker.lines.filter((l) => l.includes(" done in "))).toEqual([expect.stringMatching(/ done in .* s \(2 episodes\)$/)]);
    // --quiet keeps the line with the run's id: a script needs it to cancel the run.
    expect(queued.stderr).toMatch(/^queued pendulum-random-\S+: 1 batch of 2 episodes on redis:\/\/127\.0\.0\.1:\d+; stop with Ctrl\+C or `foresight cancel /);
  });

  it("hands a batch a worker cannot play (a kind it was not given) back to the queue, says which worker refused, and another worker plays the run", async () => {
    const file = writeExampleVariant("gridworld-vgps", tempDir("queue-handed-back"), "with-bonus", addBonus);
    const [able, unable] = [startWorker("able", "--kinds", BONUS_MODULE), startWorker("unable")];
    await Promise.all([listening(able), listening(unable)]);
    // The able worker listens but takes nothing until it is let go: the other one meets the run first.
    able.child.kill("SIGSTOP");
    const out = tempDir("queue-handed-back-run");
    const producer = watch("run", file, "--kinds", BONUS_MODULE, "--episodes", "40", "--trace", "off", "--queue", server.url, "--batch", "5", "--out", out);
    await until(() => unable.lines.some((l) => l.includes("handed back to the queue")), 30_000);
    // A worker that cannot play the run does not fail it while another one listens.
    await sleep(2000);
    expect(producer.child.exitCode).toBeNull();
    able.child.kill("SIGCONT");
    const run = await producer.exited;
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/^worker unable \(\S+:\d+\) cannot play this run, its batches go to other workers: the pipeline does not validate on this worker: #\/nodes\/\d+\/kind \(node "bonus"\): /m);
    expect(readRun(onlyRunFolder(out)).summary.episodes).toBe(40);
    expect(able.lines.filter((l) => l.includes(" done in "))).toHaveLength(8);
    expect(unable.lines.filter((l) => l.includes(" done in "))).toEqual([]);
    expect(unable.lines.filter((l) => l.includes("handed back to the queue"))).toHaveLength(1);
  });

  it("fails the run naming each worker that refused it and why when no worker listening can validate the pipeline (a kind it was not given), with no empty timing line", async () => {
    const file = writeExampleVariant("gridworld-vgps", tempDir("queue-refused"), "with-bonus", addBonus);
    const worker = startWorker("r");
    await listening(worker);
    const queued = await foresightAsync("run", file, "--kinds", BONUS_MODULE, "--episodes", "5", "--queue", server.url, "--out", tempDir("queue-refused-run"));
    expect(queued.code, queued.stderr).toBe(1);
    expect(queued.stderr).toContain(": 1 batch of 5 episodes on ");
    expect(queued.stderr).toMatch(/no worker can play this run: worker r \(\S+:\d+\): the pipeline does not validate on this worker: #\/nodes\/\d+\/kind \(node "bonus"\): /);
    expect(queued.stdout).toMatch(/^episodes +0 of 5$/m);
    expect(queued.stdout).not.toContain("mean time per node call");
  });

  it("stops on Ctrl+C: outstanding batches are removed, workers go idle, the run folder holds what was played", async () => {
    const worker = startWorker("c");
    await listening(worker);
    const out = tempDir("queue-sigint");
    const producer = watch("run", VGPS, "--episodes", "3000", "--seed", "2", "--trace", "off", "--queue", server.url, "--batch", "10", "--out", out, "--json");
    await until(() => worker.lines.some((l) => l.includes(" done in ")), 30_000);
    producer.child.kill("SIGINT");
    const run = await producer.exited;
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toMatch(/run stopped/);

    const { summary, events } = readRun(onlyRunFolder(out));
    expect(summary.status).toBe("stopped");
    expect(summary.episodes).toBeGreaterThanOrEqual(10);
    expect(summary.episodes).toBeLessThan(3000);
    const played = outcomes(events).map((e) => e.episode);
    expect(new Set(played).size).toBe(played.length);
    expect(played).toHaveLength(summary.episodes);
    // Its dataset holds the episodes played, in episode order (batches that came back after a gap too), and no shard is left.
    const runDir = onlyRunFolder(out);
    const recorded = (await readDataset(join(runDir, "dataset/transitions.parquet"))).map((row) => row["episode"]);
    const completed = outcomes(events).filter((e) => (e as { status?: string }).status === "completed").map((e) => e.episode);
    expect([...new Set(recorded)]).toEqual(completed);
    expect(readdirSync(runDir)).not.toContain("shards");

    expect(await waitingOrActive()).toBe(0);
    await until(() => ended(worker) === started(worker));
    expect(worker.child.exitCode).toBeNull();
    // No outcome is left behind: one stored before the cancel and not taken in, or one a worker finished after it.
    expect(await server.client.keys("foresight:run:*:batch:*")).toEqual([]);
  });

  it("removes a worker's scratch folder as it exits, whether it finished its batches or left them to the queue; a run stopped then does not wait for the batch left", async () => {
    const [finishing, leaving] = [tempDir("scratch-finishing"), tempDir("scratch-leaving")];
    const a = startWorker("f", "--scratch", finishing);
    const b = startWorker("l", "--scratch", leaving);
    await Promise.all([listening(a), listening(b)]);
    const producer = watch("run", VGPS, "--episodes", "3000", "--trace", "off", "--queue", server.url, "--batch", "10", "--out", tempDir("queue-scratch"));
    await until(() => [a, b].every((w) => w.lines.some((l) => l.includes(" done in "))), 30_000);
    a.child.kill("SIGTERM");
    b.child.kill("SIGINT");
    await until(() => b.lines.some((l) => l.includes("stopping after the batches it holds")));
    b.child.kill("SIGINT");
    const [stopped, left] = await Promise.all([a.exited, b.exited]);
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(left.code, left.stderr).toBe(130);
    producer.child.kill("SIGINT");
    // The batch the killed worker held is played by no one: the run does not wait for it.
    expect((await producer.exited).stderr).not.toMatch(/still being played/);
    expect(readdirSync(finishing)).toEqual([]);
    expect(readdirSync(leaving)).toEqual([]);
  });

  it("leaves its batches on a second Ctrl+C while its episode thread is inside an ONNX Runtime call, and exits 130", async () => {
    const dir = tempDir("queue-slow-model");
    writeFileSync(join(dir, "slow-q.onnx"), slowGridworldQ());
    const file = writeExampleVariant("gridworld-vgps-onnx", dir, "slow-q", (doc) => {
      doc.nodes.find((node: { id: string }) => node.id === "q").params.model = "slow-q.onnx";
    });
    const worker = startWorker("s");
    await listening(worker);
    const producer = watch("run", file, "--episodes", "100", "--trace", "off", "--queue", server.url, "--batch", "10", "--out", tempDir("queue-slow-run"));
    await until(() => started(worker) > 0, 30_000);
    await sleep(500);
    worker.child.kill("SIGINT");
    await until(() => worker.lines.some((l) => l.includes("stopping after the batches it holds")));
    worker.child.kill("SIGINT");
    // Ended from outside inside a call, onnxruntime-node's thread throws as the call returns, and the process aborts.
    const left = await worker.exited;
    expect(left.stderr).not.toContain("terminate called");
    expect(left.code, left.stderr).toBe(130);
    // Left, not failed: the batch keeps its attempts, and the queue hands it to another worker.
    expect(left.stderr).not.toMatch(/: failed: /);
    producer.child.kill("SIGINT");
    await producer.exited;
  });

  it("stops on `foresight cancel <run>`, which then knows the run no more", async () => {
    const worker = startWorker("d");
    await listening(worker);
    const out = tempDir("queue-cancel");
    const producer = watch("run", VGPS, "--episodes", "3000", "--seed", "4", "--trace", "off", "--queue", server.url, "--batch", "10", "--out", out, "--json");
    await until(() => worker.lines.some((l) => l.includes(" done in ")), 30_000);
    const runId = queuedRunId(producer)!;

    const cancel = await foresightAsync("cancel", runId, "--redis", server.url);
    expect(cancel.code, cancel.stderr).toBe(0);
    expect(cancel.stdout).toMatch(new RegExp(`^cancelled ${runId}: [\\d,]+ queued batch(es)? removed, \\d+ in progress dropped, \\d+ finished batch(es)?'s? outcomes? deleted\\n$`));
    const run = await producer.exited;
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toContain(`${runId} was cancelled by \`foresight cancel\``);
    expect(readRun(onlyRunFolder(out)).summary.status).toBe("stopped");
    expect(await waitingOrActive()).toBe(0);
    await until(() => ended(worker) === started(worker));
    expect(await server.client.keys(`foresight:run:${runId}:*`)).toEqual([]);

    const again = await foresightAsync("cancel", runId, "--redis", server.url);
    expect(again.code).toBe(2);
    expect(again.stderr).toBe(`foresight: no run "${runId}" is queued on ${server.url} (it has ended, was cancelled, or was never queued there)\n`);
  });

  it("cancels a run whose producer was killed: its outcomes and keys are deleted, and a batch finishing after brings none back", async () => {
    const worker = startWorker("e");
    await listening(worker);
    const producer = watch("run", VGPS, "--episodes", "3000", "--seed", "6", "--trace", "off", "--queue", server.url, "--batch", "10", "--out", tempDir("queue-orphan"));
    const done = () => worker.lines.filter((l) => l.includes(" done in ")).length;
    await until(() => done() >= 3, 30_000);
    producer.child.kill("SIGKILL");
    await producer.exited;
    const runId = queuedRunId(producer)!;
    // Outcomes pile up with no one to take them in.
    const atKill = done();
    await until(() => done() >= atKill + 3, 30_000);

    const cancel = await foresightAsync("cancel", runId, "--redis", server.url);
    expect(cancel.code, cancel.stderr).toBe(0);
    const [, outcomes] = /, (\d+) finished batch(?:es)?'s? outcomes? deleted\n$/.exec(cancel.stdout)!;
    expect(Number(outcomes)).toBeGreaterThanOrEqual(3);
    // Queued batches are removed at once. The worker's own (up to its concurrency, 3: one playing, the
    // rest waiting their turn) stay active until it sees the run gone, within a poll, and drops them.
    const queued = await queue.getJobCounts("waiting", "delayed", "prioritized");
    expect(Object.values(queued).reduce((a, b) => a + b, 0)).toBe(0);
    await until(() => ended(worker) === started(worker));
    for (const deadline = Date.now() + 10_000; (await waitingOrActive()) > 0 && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await waitingOrActive()).toBe(0);
    // Only the wake-up word for a producer is left, and only for a minute.
    expect(await server.client.keys(`foresight:run:${runId}:*`)).toEqual([runKeys(runId).done]);
    expect(await server.client.lrange(runKeys(runId).done, 0, -1)).toEqual(["cancel"]);
    expect(await server.client.ttl(runKeys(runId).done)).toBeLessThanOrEqual(60);

    const again = await foresightAsync("cancel", runId, "--redis", server.url);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/^foresight: no run "\S+" is queued on .*\(it has ended, was cancelled, or was never queued there\)\n$/);
    await server.client.del(runKeys(runId).done);
  });

  it("stores a batch's outcome only while its run is queued, announced on the run's done list; dropping the run deletes its outcomes and a late one stays out", async () => {
    const keys = runKeys("store-test");
    const jobIds = [batchJobId("store-test", 0, 9), batchJobId("store-test", 10, 19)];
    expect(await storeOutcome(server.client, "store-test", { first: 0, last: 9 }, Buffer.from("outcome"))).toBe(false);
    await server.client.multi().hset(keys.info, { batches: "2" }).sadd(keys.jobs, ...jobIds).exec();
    expect(await storeOutcome(server.client, "store-test", { first: 0, last: 9 }, Buffer.from("outcome"))).toBe(true);
    expect(await server.client.lrange(keys.done, 0, -1)).toEqual([keys.result(0, 9)]);
    expect(await server.client.get(keys.result(0, 9))).toBe("outcome");

    expect(await dropRun(server.client, "store-test", jobIds, false)).toEqual({ queued: true, outcomes: 1 });
    expect(await server.client.keys("foresight:run:store-test:*")).toEqual([]);
    // A worker that was still playing a batch finishes it: its outcome is refused, nothing comes back.
    expect(await storeOutcome(server.client, "store-test", { first: 10, last: 19 }, Buffer.from("late"))).toBe(false);
    expect(await server.client.keys("foresight:run:store-test:*")).toEqual([]);
    expect(await dropRun(server.client, "store-test", jobIds, true)).toEqual({ queued: false, outcomes: 0 });
    expect(await server.client.keys("foresight:run:store-test:*")).toEqual([]);
  });

  it("fails the run in one line when Redis comes back without it (restarted without persistence); Redis lost is said once, and each lost batch once in our words", async () => {
    const own = await startRedis();
    const port = Number(new URL(own.url).port);
    const worker = watch("worker", "--redis", own.url, "--cache", tempDir("worker-outage"), "--name", "o", ...FAST_RECOVERY);
    await listening(worker);
    const out = tempDir("queue-outage");
    const producer = watch("run", VGPS, "--episodes", "3000", "--seed", "3", "--trace", "off", "--queue", own.url, "--batch", "10", "--out", out);
    await until(() => worker.lines.some((l) => l.includes(" done in ")), 30_000);
    // The producer has taken a batch in (its episodes are in its trace) before Redis goes: the summary counts them.
    const tookBatch = () => {
      const [folder] = existsSync(out) ? readdirSync(out) : [];
      const trace = folder && join(out, folder, "trace.jsonl");
      return !!trace && existsSync(trace) && readFileSync(trace, "utf8").includes('"type":"episode.end"');
    };
    await until(tookBatch, 30_000);
    await own.stop();
    await until(() => producer.lines.some((l) => l.startsWith("lost Redis")) && worker.lines.some((l) => l.startsWith("lost Redis")), 10_000);
    await sleep(2000);
    const back = await startRedis({ port });
    try {
      // The producer gives up by itself once it is connected again and finds its run gone.
      const run = await Promise.race([producer.exited, sleep(20_000).then(() => undefined)]);
      expect(run, producer.lines.join("\n")).toBeDefined();
      expect(run!.code, run!.stderr).toBe(1);
      const lost = (lines: string[]) => lines.filter((l) => l.startsWith("lost Redis"));
      expect(lost(run!.stderr.split("\n")), run!.stderr).toHaveLength(1);
      expect(run!.stderr).not.toMatch(/Unhandled error event|errno:|^\s+at /m);
      const failed = /^foresight: run failed: Redis lost the run's queue \(restarted without persistence\?\): ([\d,]+) of 3,000 episodes done \(run folder: .+\)$/m.exec(run!.stderr);
      expect(failed, run!.stderr).not.toBeNull();
      // The summary is written, as for any failed run, with the batches taken in before Redis went.
      const { summary } = readRun(onlyRunFolder(out));
      expect(summary.status).toBe("failed");
      expect(summary.episodes + summary.episodesFailed).toBe(Number(failed![1]!.replace(/,/g, "")));
      expect(summary.episodes).toBeGreaterThanOrEqual(10);

      expect(lost(worker.lines), worker.lines.join("\n")).toHaveLength(1);
      // The connection errors each retry meets are not said again. Which one the "lost Redis" line names depends on what
      // the connection was doing when Redis went: reading, connecting, writing.
      expect(worker.lines.filter((l) => /ECONN|ETIMEDOUT|EPIPE/.test(l)), worker.lines.join("\n")).toHaveLength(1);
      // The batches it held are said lost once each, in our words, not in BullMQ's (lock, moveToFinished, moveToDelayed).
      await until(() => worker.lines.some((l) => l.includes(": its job vanished from Redis (restarted without persistence?)")), 10_000);
      await sleep(1500);
      const vanished = worker.lines.filter((l) => l.includes(": its job vanished from Redis"));
      expect(new Set(vanished.map((l) => l.split(":")[0])).size, worker.lines.join("\n")).toBe(vanished.length);
      expect(worker.lines.filter((l) => /Missing key|Missing lock|could not renew|moveTo|queue error/.test(l)), worker.lines.join("\n")).toEqual([]);
      expect(await back.client.keys("foresight:run:*")).toEqual([]);
      worker.child.kill("SIGTERM");
      const stopped = await Promise.race([worker.exited.then(() => true), sleep(8000).then(() => false)]);
      expect(stopped, worker.lines.join("\n")).toBe(true);
    } finally {
      producer.child.kill("SIGKILL");
      worker.child.kill("SIGKILL");
      await back.stop();
    }
  }, 60_000);

  it("stops on Ctrl+C within seconds while Redis is down: the summary over the batches taken in, the run folder finished, and how to remove what is left", async () => {
    const own = await startRedis();
    const worker = watch("worker", "--redis", own.url, "--cache", tempDir("worker-stop-outage"), "--name", "s", ...FAST_RECOVERY);
    const out = tempDir("queue-stop-outage");
    try {
      await listening(worker);
      const producer = watch("run", VGPS, "--episodes", "3000", "--seed", "3", "--trace", "off", "--queue", own.url, "--batch", "10", "--out", out);
      await until(() => worker.lines.filter((l) => l.includes(" done in ")).length >= 2, 30_000);
      await sleep(500);
      await own.stop();
      await until(() => producer.lines.some((l) => l.startsWith("lost Redis")), 10_000);
      const asked = Date.now();
      producer.child.kill("SIGINT");
      const run = await Promise.race([producer.exited, sleep(10_000).then(() => undefined)]);
      expect(run, producer.lines.join("\n")).toBeDefined();
      expect(Date.now() - asked).toBeLessThan(5000);
      expect(run!.code, run!.stderr).toBe(1);
      const runId = queuedRunId(producer)!;
      expect(run!.stderr).toContain(`once it is back, run \`foresight cancel ${runId} --redis ${own.url}\``);
      const runDir = onlyRunFolder(out);
      const { summary } = readRun(runDir);
      expect(summary.status).toBe("stopped");
      expect(summary.episodes).toBeGreaterThanOrEqual(10);
      expect(readdirSync(runDir)).not.toContain("running.json");
      expect((await readDataset(join(runDir, "dataset/transitions.parquet"))).length).toBeGreaterThan(0);
    } finally {
      worker.child.kill("SIGKILL");
      await worker.exited;
    }
  }, 60_000);

  it("says when no worker listens on the run's database (workers on another one), keeps waiting, and stops on Ctrl+C", async () => {
    const elsewhere = startWorker("db0");
    await listening(elsewhere);
    const url = `${server.url}/3`;
    const producer = watch("run", VGPS, "--episodes", "20", "--trace", "off", "--queue", url, "--out", tempDir("queue-no-taker"));
    const hint = `no worker is listening on ${url}: start one with \`foresight worker --redis ${url}\``;
    await until(() => producer.lines.some((l) => l.startsWith(hint)), 20_000);
    // Said once: a worker elsewhere taking nothing of this run is what the line already said.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(producer.child.exitCode).toBeNull();
    expect(started(elsewhere)).toBe(0);
    producer.child.kill("SIGINT");
    const run = await producer.exited;
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr.split("\n").filter((l) => l.startsWith("no worker"))).toHaveLength(1);
    expect(run.stderr).toMatch(/run stopped/);
  }, 60_000);

  it("says in one line, exit 2, when Redis cannot be reached, and queues nothing", async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    const out = tempDir("queue-unreachable");
    const start = Date.now();
    const commands = await Promise.all([
      foresightAsync("run", VGPS, "--queue", url, "--out", out),
      foresightAsync("worker", "--redis", url),
      foresightAsync("cancel", "some-run", "--redis", url),
    ]);
    for (const finished of commands) {
      expect(finished.code, finished.stderr).toBe(2);
      expect(finished.stderr).toMatch(new RegExp(`^foresight: cannot reach Redis at ${url}: .*ECONNREFUSED.*\\n$`));
    }
    expect(Date.now() - start).toBeLessThan(15_000);
    expect(readdirSync(out)).toEqual([]);
    const bad = await foresightAsync("worker", "--redis", "http://example.org");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('foresight: "http://example.org" is not a Redis URL (expected redis://host:6379)\n');
  });

  it("exits right after saying Redis cannot be reached, not seconds later (a refused port, a server that never answers)", async () => {
    const silent = createServer(() => {});
    const silentPort = await new Promise<number>((resolve) => silent.listen(0, "127.0.0.1", () => resolve((silent.address() as AddressInfo).port)));
    /** Milliseconds from the command's message to its exit. */
    const lingers = (...args: string[]) =>
      new Promise<number>((resolve) => {
        const child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "ignore", "pipe"] });
        let said = 0;
        child.stderr!.once("data", () => (said = Date.now()));
        child.once("close", () => resolve(Date.now() - said));
      });
    try {
      const refused = `redis://127.0.0.1:${await freePort()}`;
      const gaps = await Promise.all([lingers("cancel", "x", "--redis", refused), lingers("worker", "--redis", refused), lingers("cancel", "x", "--redis", `redis://127.0.0.1:${silentPort}`)]);
      for (const gap of gaps) expect(gap).toBeLessThan(1000);
    } finally {
      silent.close();
    }
  });

  it("says when Redis wants a password the URL lacks or gets wrong, and works with the right one", async () => {
    const guarded = await startRedis({ password: "s3cret" });
    const port = new URL(guarded.url).port;
    try {
      const [none, wrong, right] = (await Promise.all(
        ["", ":wrong@", ":s3cret@"].map((auth) => foresightAsync("cancel", "some-run", "--redis", `redis://${auth}127.0.0.1:${port}`)),
      )) as [Finished, Finished, Finished];
      expect(none.code).toBe(2);
      expect(none.stderr).toBe(`foresight: Redis at redis://127.0.0.1:${port} needs a password: give it in the URL, redis://:password@host:port (redis://user:password@host:port for an ACL user)\n`);
      expect(wrong.code).toBe(2);
      expect(wrong.stderr).toMatch(new RegExp(`^foresight: Redis at redis://:\\*\\*\\*@127\\.0\\.0\\.1:${port} refused the URL's user or password: WRONGPASS .*\n$`));
      expect(right.stderr).toBe(`foresight: no run "some-run" is queued on redis://:***@127.0.0.1:${port} (it has ended, was cancelled, or was never queued there)\n`);
    } finally {
      await guarded.stop();
    }
  });

  it("says so when what listens at the URL is not Redis: a server that never answers (it hung), one that hangs up (it said only 'write EPIPE')", async () => {
    const silent = createServer(() => {});
    // Answers the first bytes and hangs up; more bytes after that are ignored (a second end() would throw write-after-end).
    const hangsUp = createServer((socket) => socket.on("error", () => {}).once("data", () => socket.end("HTTP/1.1 400 Bad Request\r\n\r\n")));
    const ports = await Promise.all([silent, hangsUp].map((server) => new Promise<number>((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)))));
    try {
      const [quiet, cut] = (await Promise.all(ports.map((port) => foresightAsync("worker", "--redis", `redis://127.0.0.1:${port}`)))) as [Finished, Finished];
      for (const finished of [quiet, cut]) {
        expect(finished.code, finished.stderr).toBe(2);
        expect(finished.stderr).toMatch(/; something listens there, but does not answer as Redis does: is it Redis's port\?\n$/);
        expect(finished.stderr.split("\n")).toHaveLength(2);
      }
      expect(quiet.stderr).toContain(`cannot reach Redis at redis://127.0.0.1:${ports[0]}: no answer within 3000 ms`);
    } finally {
      silent.close();
      hangsUp.close();
    }
  });
});
