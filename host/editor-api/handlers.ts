import type { z } from "zod";
import type { MethodName, MethodResults, methodParams } from "../../protocol/index.js";

/** One function per protocol method, taking its checked params. */
export type Handlers = {
  [M in MethodName]: (params: z.output<(typeof methodParams)[M]>) => MethodResults[M] | Promise<MethodResults[M]>;
};
