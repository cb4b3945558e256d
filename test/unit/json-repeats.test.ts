// repeatedMemberName finds a name given twice in one object, wherever it is, and nothing else.
import { describe, expect, it } from 'vitest';
import { repeatedMemberName } from '../../src-main/core/json-repeats.js';
import { canonicalJson } from '../../src-main/core/checklists/signed-file.js';

describe('repeatedMemberName', () => {
  it('finds a repeat at the top, deep inside, and written with an escape', () => {
    expect(repeatedMemberName('{"kind":"run","kind":"template"}')).toBe('kind');
    expect(repeatedMemberName('{"a":[{"b":1},{"c":{"d":1,"d":2}}]}')).toBe('d');
    expect(repeatedMemberName('{"k":1,"\\u006b":2}')).toBe('k');
  });

  it('the same name in two objects, names inside strings and escaped quotes are not repeats', () => {
    expect(repeatedMemberName('{"a":{"x":1},"b":{"x":2}}')).toBeNull();
    expect(repeatedMemberName('{"a":"\\"a\\":1","b":["a","a"]}')).toBeNull();
    expect(repeatedMemberName('[{"a":1},{"a":2}]')).toBeNull();
    expect(repeatedMemberName('{ "a" : 1 , "b" : { } , "c" : [ ] }')).toBeNull();
  });
});

it('a whole number beyond 2^53 - 1 is refused as out of range, not as "not whole"', () => {
  expect(() => canonicalJson(2 ** 53)).toThrow(/from -\(2\^53 - 1\) to 2\^53 - 1/);
  expect(() => canonicalJson(1.5)).toThrow(/whole numbers only/);
});
