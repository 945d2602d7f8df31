// Whether a scrolling box is wider inside than out: the table's "scroll sideways" line shows only then.
// Watched with a ResizeObserver on the box and on what is in it, so a phone turned on its side, a
// font made larger or rows loaded later all count.
import { useEffect, useRef, useState } from 'react';

export function useOverflow<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  const [overflows, setOverflows] = useState(false);
  useEffect(() => {
    const box = ref.current;
    if (!box || typeof ResizeObserver === 'undefined') return;
    const check = () => setOverflows(box.scrollWidth > box.clientWidth + 1);
    const watch = new ResizeObserver(check);
    watch.observe(box);
    if (box.firstElementChild) watch.observe(box.firstElementChild);
    check();
    return () => watch.disconnect();
  }, []);
  return { ref, overflows };
}
