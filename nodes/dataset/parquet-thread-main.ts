import { parentPort } from "node:worker_threads";
import { ParquetEncoder } from "./parquet-encoder.js";
import type { ToParquetThread } from "./parquet-thread-protocol.js";

// The Parquet thread's entry (ParquetThread starts it): its messages go to one ParquetEncoder.
const port = parentPort;
if (!port) throw new Error("parquet-thread-main runs as a worker thread (ParquetThread starts it)");
const encoder = new ParquetEncoder((message) => port.postMessage(message));
port.on("message", (message: ToParquetThread) => encoder.receive(message));
