// Every module's tables, for the typed query builder. Modules own their schema files.
export * from '../modules/accounts/schema.js';
export * from '../modules/audit/schema.js';
export * from '../modules/programmes/schema.js';
export * from '../modules/places/schema.js';
export * from '../modules/organisations/schema.js';
export * from '../modules/partnerships/schema.js';
export * from '../modules/projects/schema.js';
export * from '../modules/grants/schema.js';
export * from '../modules/monitoring/schema.js';
export * from '../modules/evaluation/schema.js';
export * from '../modules/engagement/schema.js';
export * from '../modules/support/schema.js';
export * from '../modules/theory-of-change/schema.js';
export * from '../modules/participation/schema.js';
export * from '../modules/learning/schema.js';
