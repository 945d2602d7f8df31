// Evaluation's tables, each in its sub-capability's folder; this index is what src/db/schema.ts and
// drizzle-kit (drizzle.config.ts: src/modules/*/schema.ts) read.
export * from './evaluations/schema.js';
export * from './codebook/schema.js';
export * from './respondents/schema.js';
export * from './evidence/schema.js';
export * from './analysis/schema.js';
