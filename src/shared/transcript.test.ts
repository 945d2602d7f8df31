import { describe, expect, it } from 'vitest';
import { passageProblem, runsOf, segmentTranscript, tightenPassage } from './transcript.js';

const texts = (body: string) => segmentTranscript(body).map((s) => `${s.paragraph}:${body.slice(s.start, s.end)}`);

describe('segmentTranscript', () => {
  it('splits paragraphs at blank lines and sentences at their full stops, leaving out white space', () => {
    const body = 'Interviewer: How did it start?  Ana: With the larder. We met on Tuesdays!\n\n\nIt felt like ours… Really.\n';
    expect(texts(body)).toEqual([
      '0:Interviewer: How did it start?',
      '0:Ana: With the larder.',
      '0:We met on Tuesdays!',
      '1:It felt like ours…',
      '1:Really.',
    ]);
  });

  it('treats each line as a paragraph when the file has no blank lines, and keeps quotes with their sentence', () => {
    const body = 'Ana: "I said no." Then yes.\nBen: (laughs.) OK';
    expect(texts(body)).toEqual(['0:Ana: "I said no."', '0:Then yes.', '1:Ben: (laughs.)', '1:OK']);
  });

  it('does not split decimals or a full stop with no space after it, and numbers sentences in order', () => {
    const segs = segmentTranscript('It cost 2.50 a week.See www.example.org today.');
    expect(segs).toHaveLength(1);
    expect(segmentTranscript('A. B. C.').map((s) => s.index)).toEqual([0, 1, 2]);
  });

  it('gives nothing for an empty or blank transcript', () => {
    expect(segmentTranscript('')).toEqual([]);
    expect(segmentTranscript(' \n\n \n')).toEqual([]);
  });
});

describe('passage offsets', () => {
  const body = 'We met on Tuesdays. It felt like ours.';
  it('accepts a passage inside the text and refuses ones outside it, backwards or blank', () => {
    expect(passageProblem(body, 0, 19)).toBeNull();
    expect(passageProblem(body, -1, 4)).toMatch(/beginning/);
    expect(passageProblem(body, 20, body.length + 1)).toMatch(/past the end/);
    expect(passageProblem(body, 5, 5)).toMatch(/end after it starts/);
    expect(passageProblem(body, 19, 20)).toMatch(/no words/);
  });
  it('drops white space at either end of a selection', () => {
    expect(tightenPassage(body, 19, 24)).toEqual({ start: 20, end: 24 });
    expect(body.slice(20, 24)).toBe('It f');
  });
});

describe('runsOf', () => {
  it('cuts a sentence where overlapping passages start and end, each run knowing its passages', () => {
    const runs = runsOf({ start: 10, end: 30 }, [
      { start: 0, end: 15 },
      { start: 12, end: 20 },
      { start: 40, end: 50 },
    ]);
    expect(runs).toEqual([
      { start: 10, end: 12, passages: [0] },
      { start: 12, end: 15, passages: [0, 1] },
      { start: 15, end: 20, passages: [1] },
      { start: 20, end: 30, passages: [] },
    ]);
  });
});
