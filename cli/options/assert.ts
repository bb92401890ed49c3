import { ASSERT_FORM, parseAssertion, type Assertion } from '../../report/assertions.ts';
import { text, type MultipleOption } from './option.ts';

/** --assert, repeatable, for bench and compare: absolute limits on a report's figures (report/assertions.ts). */
export const assertOption = (group: string): MultipleOption<Assertion> => ({
  ...text({ group, placeholder: 'RULE', help: '', read: parseAssertion, format: (assertion: Assertion) => assertion.text }),
  help: `exit 1 unless every case (or the cases CASES names, * for any characters) meets RULE: ${ASSERT_FORM}; each case that breaks it is named on stderr with its figure`,
  multiple: true,
  defaultText: 'none',
});
