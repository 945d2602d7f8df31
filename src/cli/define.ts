/**
 * What command definitions (commands/*.ts) are made of: the options many commands share, and actions
 * loaded when their command runs. A definition imports commander and this file only, so `cairn --help`
 * and `cairn <command> --help` load no database, HTTP, zod or drawing code (decision 014).
 */
import { type Command, Option } from 'commander';

export interface DatabaseOptions {
  dataDir?: string;
  databaseUrl?: string;
}

/** Every command that touches data takes --data-dir / --database-url, falling back to CAIRN_DATA_DIR / DATABASE_URL. */
export function withDatabaseOptions(cmd: Command): Command {
  return cmd
    .option('--data-dir <folder>', 'embedded database folder (env CAIRN_DATA_DIR, default ./.cairn)')
    .option('--database-url <url>', 'PostgreSQL server to use instead (env DATABASE_URL)');
}

export const FORMATS = ['table', 'json', 'csv'] as const;
/** Formats of particular commands, here rather than beside their definitions so the actions can name them without importing the definitions that load them. */
export const FIGURE_FORMATS = ['svg', 'png', 'docx'] as const;
export type FigureFormat = (typeof FIGURE_FORMATS)[number];
export const TABLE_FORMATS = ['table', 'csv', 'csv-with-notes', 'md', 'xlsx', 'json'] as const;
export type TableFormat = (typeof TABLE_FORMATS)[number];
export const CHART_FORMATS = ['svg', 'png'] as const;
export type Format = (typeof FORMATS)[number];

/** Tables for people by default; json or csv for scripts. */
export function withFormatOption(cmd: Command): Command {
  return cmd.addOption(new Option('--format <format>', 'output as a table, json or csv').choices(FORMATS).default('table'));
}

// biome-ignore lint/suspicious/noExplicitAny: commander passes an action whatever its command declares.
type Action = (...args: any[]) => Promise<unknown> | unknown;
type ActionsOf<M> = { [K in keyof M]: M[K] extends Action ? K : never }[keyof M];

/**
 * An action that loads its module when the command runs, not when the CLI starts:
 * `.action(lazy(() => import('../programmes.js'), 'listProgrammesCommand'))`.
 */
export function lazy<M, K extends ActionsOf<M>>(load: () => Promise<M>, name: K): (...args: unknown[]) => Promise<void> {
  return async (...args) => {
    await ((await load())[name] as Action)(...args);
  };
}
