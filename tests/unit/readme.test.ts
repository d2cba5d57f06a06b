import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EVENT_NAMES, METHOD_NAMES } from '../../src-shared/api/contract';
import { ERROR_CODES } from '../../src-shared/api/errors';
import { DEMO_PASSWORD, DEMO_USERS } from '../../src-main/demo/seed-demo';

const readme = readFileSync('README.md', 'utf8');

describe('the README', () => {
  it('documents every method, event and error code of the contract', () => {
    for (const name of [...METHOD_NAMES, ...EVENT_NAMES, ...ERROR_CODES]) expect(readme, name).toContain(`\`${name}\``);
  });

  it('prints the demo accounts and their password', () => {
    expect(readme).toContain(`\`${DEMO_PASSWORD}\``);
    for (const user of DEMO_USERS) expect(readme).toContain(`| \`${user.username}\` | ${user.role} | ${user.displayName} |`);
  });
});
