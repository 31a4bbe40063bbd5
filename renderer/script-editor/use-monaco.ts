import { useEffect, useState } from "react";

type MonacoModule = typeof import("./monaco.js");

/**
 * Monaco, loaded lazily (the editor's first paint never waits for it): null until it is there,
 * with the reason when it cannot load, so the caller can stay a plain text area.
 */
export function useMonaco(): { monaco: MonacoModule | null; loadError: string | null } {
  const [monaco, setMonaco] = useState<MonacoModule | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    import("./monaco.js").then(
      (module) => current && setMonaco(module),
      (error: Error) => current && setLoadError(error.message),
    );
    return () => {
      current = false;
    };
  }, []);
  return { monaco, loadError };
}
