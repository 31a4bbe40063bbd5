/**
 * Resolves once every promise has; rejects, once they all have ended, with the first rejection:
 * writes that go on together (a batch's files, a dataset's streams) are all done before a failure
 * is told, so nothing still writes after its caller has given up.
 */
export async function allEnded(promises: readonly Promise<unknown>[]): Promise<void> {
  const failed = (await Promise.allSettled(promises)).find((result) => result.status === "rejected");
  if (failed) throw failed.reason;
}
