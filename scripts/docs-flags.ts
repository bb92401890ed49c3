// `npm run docs:flags`: writes docs/flags.md, the flag reference, from the commands' option tables
// (cli/options/); test/flag-reference.test.ts checks that the file is what this writes.
import { writeFileSync } from 'node:fs';
import { flagReference, FLAG_REFERENCE_PATH } from '../cli/options/flag-reference.ts';

writeFileSync(FLAG_REFERENCE_PATH, flagReference());
process.stderr.write(`docs-flags: wrote ${FLAG_REFERENCE_PATH}\n`);
