#!/usr/bin/env node
// The `cidades` command: loads the TypeScript sources through tsx, like `npm start` does.
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
