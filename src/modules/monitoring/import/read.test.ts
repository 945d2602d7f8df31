import { describe, expect, it } from 'vitest';
import { MAX_RETURNS_ROWS, readReturnsFile } from './read.js';

describe('reading a returns file', () => {
  it('stops a CSV at the row limit as it reads, before the rest of the file', async () => {
    // A broken quotation mark on the last line: only a reader that went all the way would find it.
    const text = `partnership,volunteers\n${'Hollow Lane,3\n'.repeat(MAX_RETURNS_ROWS + 50_000)}"never closed,3\n`;
    let read = 0;
    const err = (await (async () => {
      for await (const _line of readReturnsFile({ bytes: new TextEncoder().encode(text), filename: 'returns.csv' })) read++;
    })().catch((e: unknown) => e)) as { status: number; message: string };
    expect(err.status).toBe(422);
    expect(err.message).toBe(
      'The file has more than 100,000 rows under its heading; Cairn imports up to that many returns at a time. Split it into smaller files.',
    );
    // The heading and exactly MAX_RETURNS_ROWS rows came through; not one more.
    expect(read).toBe(MAX_RETURNS_ROWS + 1);
  });

  it('reads a file at the limit whole', async () => {
    const text = `partnership,volunteers\n${'Hollow Lane,3\n'.repeat(MAX_RETURNS_ROWS)}`;
    let read = 0;
    for await (const _line of readReturnsFile({ bytes: new TextEncoder().encode(text), filename: 'returns.csv' })) read++;
    expect(read).toBe(MAX_RETURNS_ROWS + 1);
  });
});
