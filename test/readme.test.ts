import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { test } from 'node:test';
import { ROOT } from './cli-helpers.ts';

// The README is the front door (issue 14): what fanout is, the two commands, one table, one chart, the
// strategies and the clients, and links. The reference and the findings live in docs/.
const README_MAX_LINES = 300;

const read = (file: string) => readFileSync(file, 'utf8');
const markdownFiles = () => [
  join(ROOT, 'README.md'),
  ...readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => join(ROOT, 'docs', name)),
];

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
const anchorOf = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');

function anchorsOf(file: string): Set<string> {
  const headings = [...withoutCode(read(file)).matchAll(/^#{1,6}\s+(.+)$/gm)].map(([, heading]) => anchorOf(heading!));
  return new Set(headings);
}

/** The text outside fenced code blocks and inline code, where a "](" is no link. */
function withoutCode(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
}

/** Every relative link and image target in a markdown file: [text](target) and ![alt](target). */
function relativeLinks(file: string): string[] {
  const targets = [...withoutCode(read(file)).matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map(([, target]) => target!);
  return targets.filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

test(`README.md is at most ${README_MAX_LINES} lines`, () => {
  const lines = read(join(ROOT, 'README.md')).split('\n');
  if (lines.at(-1) === '') lines.pop();
  assert.ok(lines.length <= README_MAX_LINES, `README.md has ${lines.length} lines; move reference text to docs/`);
});

test('every relative link in README.md and docs/*.md resolves to an existing file (and heading)', () => {
  const broken: string[] = [];
  let checked = 0;
  for (const file of markdownFiles()) {
    for (const link of relativeLinks(file)) {
      checked++;
      const [path, anchor] = link.split('#') as [string, string | undefined];
      const target = path === '' ? file : join(dirname(file), decodeURI(path));
      const where = `${relative(ROOT, file)}: ${link}`;
      if (!existsSync(target)) {
        broken.push(`${where} (no such file)`);
      } else if (anchor && statSync(target).isFile() && target.endsWith('.md') && !anchorsOf(target).has(anchor.toLowerCase())) {
        broken.push(`${where} (no such heading)`);
      }
    }
  }
  assert.deepEqual(broken, []);
  // The README links to the docs, so a scan that finds no link at all is a broken scan.
  assert.ok(checked >= 10, `only ${checked} links found`);
});

test('the README links every file in docs/ it hands its reference to', () => {
  const readme = read(join(ROOT, 'README.md'));
  for (const name of readdirSync(join(ROOT, 'docs')).filter((entry) => entry.endsWith('.md'))) {
    assert.ok(readme.includes(`](docs/${name})`), `README.md does not link docs/${name}`);
  }
});
