// Support's tables, each in its sub-capability's folder; this index is what src/db/schema.ts and
// drizzle-kit (drizzle.config.ts: src/modules/*/schema.ts) read.
export * from './providers/schema.js';
export * from './log/schema.js';
export * from './brokerage/schema.js';
export * from './plans/schema.js';
