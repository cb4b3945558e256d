// Display width of what the CLI prints in columns: graphemes, wide characters and emoji,
// counted the same however long the text (long text is segmented a piece at a time).
import { describe, expect, it } from 'vitest';
import { clipWidth, displayWidth } from '../../../src-main/cli/text-width.js';

describe('displayWidth', () => {
  it('counts emoji sequences and wide characters as two columns, also across piece boundaries', () => {
    expect(displayWidth('key 👍🏽 鍵')).toBe(9);
    const emoji = '👍🏽'.repeat(700); // 2,800 code units: crosses the 1,024-unit pieces inside sequences
    expect(displayWidth(emoji)).toBe(1400);
    expect(displayWidth(`a${'é'.repeat(3000)}`)).toBe(3001);
    expect(displayWidth('e\u0301'.repeat(2000))).toBe(2000);
  });

  it('measures and clips a 200,000-character name', () => {
    expect(displayWidth('n'.repeat(200_000))).toBe(200_000);
    expect(displayWidth(`é${'n'.repeat(200_000)}`)).toBe(200_001);
    expect(clipWidth(`é${'n'.repeat(200_000)}`, 10)).toBe('énnnnnnnn…');
  });
});
