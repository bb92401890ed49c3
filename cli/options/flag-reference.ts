import { join } from 'node:path';
import { BENCH_GROUPS, BENCH_OPTIONS } from '../bench-options.ts';
import { CHART_GROUPS, CHART_OPTIONS } from '../chart-options.ts';
import { COMPARE_GROUPS, COMPARE_OPTIONS } from '../compare-options.ts';
import { MOCK_SERVER_GROUPS, MOCK_SERVER_OPTIONS } from '../mock-server-options.ts';
import { PACKAGE_ROOT } from '../../harness/module-path.ts';
import { renderReference } from './reference.ts';

export const FLAG_REFERENCE_PATH = join(PACKAGE_ROOT, 'docs', 'flags.md');

/** docs/flags.md: every flag of every command with an option table, as --help has it. */
export function flagReference(): string {
  return `# Flags

Generated from the option tables in \`cli/options/\` by \`npm run docs:flags\`; a test checks that this file
is what that writes. A flag's config key (in a \`--config\` file, and the API's option) is the flag in
camelCase. A duration takes a unit (\`250ms\`, \`30s\`, \`2m\`); a bare number is in the unit its range names.
A switch is turned off with \`--no-<switch>\`.

## \`npm run bench\`

${renderReference(BENCH_OPTIONS, BENCH_GROUPS)}

## \`npm run mock-server\`

Its settings are also \`startMockServer\`'s options.

${renderReference(MOCK_SERVER_OPTIONS, MOCK_SERVER_GROUPS)}

## \`npm run compare -- BASE.json HEAD.json\`

${renderReference(COMPARE_OPTIONS, COMPARE_GROUPS)}

## \`npm run chart -- REPORT.json\`

${renderReference(CHART_OPTIONS, CHART_GROUPS)}
`;
}
