import { describe, expect, it } from "vitest";
import { openRedis, RedisTrouble } from "../host/queue/redis-connection.js";
import { startRedis } from "./fixtures/redis-server.js";
import { needs, redis } from "./fixtures/requirements.js";
import { sleep, until } from "./fixtures/wait.js";

describe("a connection waiting for a lost Redis", needs(redis()), () => {
  it("says how long it has waited at each reminder, and stops once Redis is back", async () => {
    const server = await startRedis();
    const port = Number(new URL(server.url).port);
    const lines: string[] = [];
    const trouble = new RedisTrouble(server.url, (line) => lines.push(line));
    trouble.remindEvery(300, (awayMs) => `still away after ${awayMs} ms`);
    const client = openRedis(server.url, trouble);
    let back: Awaited<ReturnType<typeof startRedis>> | undefined;
    try {
      await client.ping();
      await server.stop();
      await until(() => lines.filter((l) => l.startsWith("still away after")).length >= 2, 10_000);
      expect(lines.filter((l) => l.startsWith("lost Redis"))).toHaveLength(1);
      const waited = lines.filter((l) => l.startsWith("still away after")).map((l) => Number(/(\d+) ms/.exec(l)![1]));
      expect(waited[1]!).toBeGreaterThan(waited[0]!);
      back = await startRedis({ port });
      await client.ping();
      const told = lines.length;
      await sleep(1000);
      expect(lines.slice(told)).toEqual([]);
    } finally {
      trouble.giveUp();
      client.disconnect();
      await back?.stop();
    }
  }, 30_000);
});
