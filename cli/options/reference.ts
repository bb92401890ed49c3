import { flagOf, type OptionGroup } from './option.ts';
import { defaultShown, type OptionTable } from './table.ts';

/** A markdown table cell: pipes escaped, one line. */
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** A command's options as markdown, a table per group: the flag reference of docs/flags.md. */
export function renderReference(table: OptionTable, groups: readonly OptionGroup[]): string {
  const sections: string[] = [];
  for (const group of groups) {
    const rows = Object.entries(table)
      .filter(([, option]) => option.group === group.id)
      .map(([key, option]) => {
        const flag = `--${flagOf(key)}${option.placeholder && !option.isSwitch ? ` ${option.placeholder}` : ''}`;
        const settingKey = option.commandLineOnly ? '' : `\`${key}\``;
        const meaning = `${option.help}${option.range ? `; ${option.range}` : ''}${option.multiple ? ' (repeatable)' : ''}`;
        return `| \`${cell(flag)}\` | ${settingKey} | ${cell(defaultShown(option) ?? '')} | ${cell(meaning)} |`;
      });
    if (rows.length > 0) sections.push(`### ${group.title}\n\n| flag | config key | default | meaning |\n| --- | --- | --- | --- |\n${rows.join('\n')}`);
  }
  return sections.join('\n\n');
}
