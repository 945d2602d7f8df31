// The participation module's tables, gathered for drizzle-kit (which reads src/modules/*/schema.ts).
export * from './pb/schema.js';
