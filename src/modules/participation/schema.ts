// Participation's tables, each in its sub-capability's folder; this index is what src/db/schema.ts and
// drizzle-kit (drizzle.config.ts: src/modules/*/schema.ts) read.
export * from './pb/schema.js';
export * from './place-standard/schema.js';
