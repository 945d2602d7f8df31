// The support capability's tables (issue 16), gathered for drizzle-kit (drizzle.config.ts reads
// src/modules/*/schema.ts) and src/db/schema.ts. Each sub-capability owns its own schema file.
export * from './brokerage/schema.js';
export * from './plans/schema.js';
