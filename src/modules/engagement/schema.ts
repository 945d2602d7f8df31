// Engagement's tables, each in its sub-capability's folder; this index is what src/db/schema.ts and
// drizzle-kit (drizzle.config.ts: src/modules/*/schema.ts) read.
export * from './register/schema.js';
export * from './standards/schema.js';
export * from './feedback/schema.js';
export * from './you-said-we-did/schema.js';
