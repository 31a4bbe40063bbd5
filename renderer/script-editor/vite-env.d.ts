// Vite's `?worker` imports (renderer/tsconfig.json keeps "types" empty, so say it here).
declare module "*?worker" {
  const WorkerConstructor: new (options?: { name?: string }) => Worker;
  export default WorkerConstructor;
}

interface Window {
  MonacoEnvironment?: import("monaco-editor").Environment;
}
