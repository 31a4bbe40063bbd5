import { useEffect, useState } from "react";

const QUERY = "(prefers-color-scheme: dark)";

/** Whether the app shows its dark theme (styles.css follows the system's colour scheme, so do we). */
export function useDarkScheme(): boolean {
  const [dark, setDark] = useState(() => window.matchMedia(QUERY).matches);
  useEffect(() => {
    const media = window.matchMedia(QUERY);
    const onChange = () => setDark(media.matches);
    media.addEventListener("change", onChange);
    return () => media.removeEventListener("change", onChange);
  }, []);
  return dark;
}
