import { once } from "node:events";
import { describe, expect, it } from "vitest";
import { WorkerStandby } from "./worker-standby.js";

/** A worker entry that answers its first message with its thread id, as run and episode workers wait for theirs. */
const ECHO = new URL(`data:text/javascript,${encodeURIComponent('import { parentPort, threadId } from "node:worker_threads"; parentPort.once("message", () => parentPort.postMessage(threadId));')}`);
/** One that ends while standing by. */
const ENDS = new URL(`data:text/javascript,${encodeURIComponent("process.exit(0);")}`);

describe("workers standing by", () => {
  it("hands out the workers started ahead, then fresh ones, each doing its work", async () => {
    const standby = new WorkerStandby(ECHO);
    standby.prestart(2);
    standby.prestart(1); // two stand by already: none more
    const taken = [standby.take(), standby.take(), standby.take()];
    expect(taken.map((t) => t.standing)).toEqual([true, true, false]);
    const ids = await Promise.all(
      taken.map(async ({ worker }) => {
        worker.postMessage("go");
        const [id] = (await once(worker, "message")) as [number];
        await worker.terminate();
        return id;
      }),
    );
    expect(new Set(ids).size).toBe(3);
  });

  it("drops a worker that ended while standing by, and ends the ones nothing took", async () => {
    const ending = new WorkerStandby(ENDS);
    ending.prestart(1);
    expect(ending.size).toBe(1);
    await expect.poll(() => ending.size).toBe(0);

    const standby = new WorkerStandby(ECHO);
    standby.prestart(2);
    standby.dismiss();
    expect(standby.size).toBe(0);
    const fresh = standby.take();
    expect(fresh.standing).toBe(false);
    await fresh.worker.terminate();
  });
});
