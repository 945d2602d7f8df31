// Whether a scrolling box is wider inside than out: the table's "scroll sideways" line shows only then.
// Watched with a ResizeObserver on the box and on what is in it, so a phone turned on its side, a
// font made larger or rows loaded later all count. While it scrolls, the box's width is given to CSS
// (--table-box-width, so the caption wraps within what is seen), and cells holding a sentence or more
// are marked (data-long) so CSS gives them a readable width instead of a word's.
import { useEffect, useRef, useState } from 'react';

/** Characters from which a cell is a sentence to read rather than a figure or a name. */
const LONG = 60;

export function useOverflow<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  const [overflows, setOverflows] = useState(false);
  useEffect(() => {
    const box = ref.current;
    if (!box || typeof ResizeObserver === 'undefined') return;
    const check = () => {
      const wider = box.scrollWidth > box.clientWidth + 1;
      box.style.setProperty('--table-box-width', `${box.clientWidth}px`);
      if (wider) for (const cell of box.querySelectorAll('td')) if ((cell.textContent ?? '').length > LONG) cell.dataset.long = '';
      setOverflows(wider);
    };
    const watch = new ResizeObserver(check);
    watch.observe(box);
    if (box.firstElementChild) watch.observe(box.firstElementChild);
    check();
    return () => watch.disconnect();
  }, []);
  return { ref, overflows };
}
