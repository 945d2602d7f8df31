// What the audit rows of an evaluation, its codes, respondents, transcripts, passages and quotes say, in
// words (see audit/wording.ts).
import { eq, inArray, sql } from 'drizzle-orm';
import { type NameLookup, lookupNames } from '../audit/names.js';
import type { EntityWording } from '../audit/wording.js';
import type { Dimension } from './domain/crosstab.js';
import { dimensionWords } from './domain/figures.js';
import { codes, evaluations, memos, passages, quotes, respondents, transcripts } from './schema.js';

export const CONSENT_WORDS = { given: 'Given', withdrawn: 'Withdrawn' } as const;

export const evaluationWording: EntityWording = {
  entityType: 'evaluation',
  noun: 'Evaluation',
  self: 'evaluation',
  fields: {
    slug: 'Short name for web addresses',
    title: 'Title',
    description: 'Description',
    disclosureThreshold: 'Smallest group shown (respondents)',
    blindCoding: 'Coders work blind',
    provenance: { label: 'Where the data comes from', values: { synthetic: 'Made-up demo (no real person in it)' } },
    // A family added to the codebook
    family: 'Code family',
    label: 'Name',
    // An evidence import
    respondents: 'Respondents',
    codings: 'Codings',
    codes: 'Codes',
    codesCreated: 'Codes added',
    projectsCreated: 'Projects added',
    // Small groups shown on purpose, and the tables exported
    by: { label: 'Broken down by', say: (v) => dimensionWords(v as Dimension) },
    filters: 'Filters',
    groups: 'Small groups shown',
    figures: 'Figures with small groups shown',
    // Who was asked each family's question, and the codebook's families and sets as a file had them
    bases: 'Who was asked each question',
    askedOf: 'Asked of',
    inExports: 'Written in exports',
    colour: 'Colour',
    set: 'Code set',
  },
};

export const codeWording: EntityWording = {
  entityType: 'evaluation_code',
  noun: 'Code',
  self: 'code',
  fields: {
    family: 'Code family',
    name: 'Name',
    description: 'Description',
    colour: 'Colour',
    parentId: { label: 'Under the code', ref: 'code' },
    position: 'Place in the list',
    mergedInto: { label: 'Merged into', ref: 'code' },
    merged: 'Codes merged into it',
    codingsMoved: 'Codings moved',
    splitFrom: { label: 'Split from', ref: 'code' },
    splitInto: 'Split into',
    place: { label: 'New codes go', values: { beside: 'Beside it', under: 'Under it' } },
    moves: 'Respondents given the new codes',
    codingsAdded: 'Codings added',
    codingsRemoved: 'Codings taken off',
    codable: 'Can be coded with',
    passagesMoved: 'Coded passages moved',
  },
};

export const respondentWording: EntityWording = {
  entityType: 'respondent',
  noun: 'Respondent',
  self: 'respondent',
  fields: {
    ref: 'Reference',
    participantType: 'Participant type',
    projectId: { label: 'Project', ref: 'project' },
    placeId: { label: 'Place', ref: 'place' },
    phaseId: { label: 'Phase', ref: 'phase' },
    attributes: 'Attributes',
    consent: { label: 'Consent', values: CONSENT_WORDS },
    asked: 'Questions asked',
    notAsked: 'Questions not asked',
    on: 'Consent recorded on',
    scope: 'What the consent covers',
    codeIds: { label: 'Codes ticked', ref: 'code' },
  },
};

export const transcriptWording: EntityWording = {
  entityType: 'evaluation_transcript',
  noun: 'Transcript',
  self: 'transcript',
  fields: {
    title: 'Title',
    heldOn: 'Held on',
    fileName: 'File',
    format: { label: 'File type', values: { text: 'Plain text', docx: 'Word document' } },
    characters: 'Length (characters)',
    respondentIds: { label: 'Respondents in it', ref: 'respondent' },
    passages: 'Coded passages',
    codingsRemoved: 'Codings taken off',
  },
};

export const passageWording: EntityWording = {
  entityType: 'evaluation_passage',
  noun: 'Coded passage',
  self: 'passage',
  fields: {
    transcript: 'Transcript',
    respondent: 'Respondent',
    code: 'Code',
    start: 'Starts at character',
    end: 'Ends at character',
    text: 'Text',
    codingAdded: 'Coding added to the respondent',
    codingRemoved: 'Coding taken off the respondent',
    number: 'Passage number',
  },
};

export const memoWording: EntityWording = {
  entityType: 'evaluation_memo',
  noun: 'Memo',
  self: 'memo',
  fields: {
    subject: 'About',
    text: 'Memo',
  },
};

export const quoteWording: EntityWording = {
  entityType: 'evaluation_quote',
  noun: 'Quote',
  self: 'quote',
  fields: {
    respondent: 'Respondent',
    text: 'Text',
    attribution: 'Attribution',
    publishable: 'May be published',
    passageId: { label: 'From the coded passage', ref: 'passage' },
  },
};

const passageNames: NameLookup = async (db, ids) =>
  (await db
    .select({
      id: sql<string>`${passages.id}::text`,
      name: sql<string>`'“' || left(${passages.text}, 60) || '” in ' || ${transcripts.title}`,
    })
    .from(passages)
    .innerJoin(transcripts, eq(transcripts.id, passages.transcriptId))
    .where(inArray(passages.id, ids))) as { id: string; name: string }[];

const quoteNames: NameLookup = async (db, ids) =>
  (await db
    .select({ id: sql<string>`${quotes.id}::text`, name: sql<string>`'Quote from ' || ${respondents.ref}` })
    .from(quotes)
    .innerJoin(respondents, eq(respondents.id, quotes.respondentId))
    .where(inArray(quotes.id, ids))) as { id: string; name: string }[];

const memoNames: NameLookup = async (db, ids) =>
  (await db
    .select({ id: sql<string>`${memos.id}::text`, name: sql<string>`'Memo “' || left(${memos.text}, 60) || '”'` })
    .from(memos)
    .where(inArray(memos.id, ids))) as { id: string; name: string }[];

export const evaluationWordings = [
  evaluationWording,
  codeWording,
  respondentWording,
  transcriptWording,
  passageWording,
  quoteWording,
  memoWording,
];
export const evaluationNames = {
  evaluation: lookupNames(evaluations, evaluations.id, evaluations.title),
  code: lookupNames(codes, codes.id, codes.name),
  respondent: lookupNames(respondents, respondents.id, respondents.ref),
  transcript: lookupNames(transcripts, transcripts.id, transcripts.title),
  passage: passageNames,
  quote: quoteNames,
  memo: memoNames,
};
