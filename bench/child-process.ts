/**
 * What the bench's import children share: timing one call with the process's peak memory, and
 * telling the parent over IPC (or printing, when a child is run by hand).
 */
export const send = (msg: unknown) => (process.send ? process.send(msg) : console.log(JSON.stringify(msg)));

const mb = (bytes: number) => bytes / 1024 / 1024;

/** Runs `work`, sampling RSS as it goes: its time, and the process's RSS before it and at its peak. */
export async function measured<T>(work: () => Promise<T>): Promise<{ result: T; ms: number; rssBeforeMb: number; peakRssMb: number }> {
  const rssBeforeMb = mb(process.memoryUsage().rss);
  let peak = process.memoryUsage().rss;
  // maxRSS covers the whole process life; sampling also shows how memory moved during the work.
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const started = performance.now();
  try {
    const result = await work();
    return { result, ms: performance.now() - started, rssBeforeMb, peakRssMb: Math.max(mb(peak), process.resourceUsage().maxRSS / 1024) };
  } finally {
    clearInterval(sampler);
  }
}

/** A child's last word when its work failed: the parent reports it. */
export function failed(err: Error): never {
  send({ ok: false, error: err.stack ?? err.message });
  process.exit(1);
}
