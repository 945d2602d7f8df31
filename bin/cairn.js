#!/usr/bin/env node
// The `cairn` command. Cairn runs its TypeScript directly through tsx, so there is no build step to forget.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
