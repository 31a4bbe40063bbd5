import { createHash, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Redis } from "ioredis";
import { MODEL_KEY_TTL_S, modelKey } from "./names.js";
import { cachedModelName, type BundledModel } from "./pipeline-bundle.js";

/**
 * Stores each model once under its hash: a model already there only has its expiry renewed, so
 * its bytes are read and sent only the first time.
 */
export async function storeModels(redis: Redis, models: readonly BundledModel[]): Promise<void> {
  await Promise.all(
    models.map(async (model) => {
      const key = modelKey(model.sha256);
      if ((await redis.expire(key, MODEL_KEY_TTL_S)) === 1) return;
      await redis.set(key, readFileSync(model.file), "EX", MODEL_KEY_TTL_S, "NX");
    }),
  );
}

/**
 * Makes sure the worker's model cache (`folder`) holds every model of a batch, named by hash:
 * fetched from Redis the first time, checked against its hash, written whole (rename) so a worker
 * killed mid-write leaves no half file under a good name.
 */
export async function fetchModels(redis: Redis, models: readonly Pick<BundledModel, "sha256" | "bytes">[], folder: string): Promise<void> {
  mkdirSync(folder, { recursive: true });
  for (const { sha256 } of models) {
    const file = join(folder, cachedModelName(sha256));
    if (existsSync(file)) continue;
    const bytes = await redis.getBuffer(modelKey(sha256));
    if (bytes === null) throw new Error(`model ${sha256} is not in Redis (expired, or the run was queued elsewhere): queue the run again`);
    const actual = createHash("sha256").update(bytes).digest("hex");
    if (actual !== sha256) throw new Error(`model ${sha256} in Redis hashes to ${actual}: refusing it`);
    const partial = `${file}.${randomUUID()}.partial`;
    writeFileSync(partial, bytes);
    renameSync(partial, file);
  }
}
