// JSON.parse keeps the last of two members with one name, so `{"kind":"run","kind":"template"}`
// reads as a template while showing "run" first. Files whose readers must agree byte for byte
// (signed checklists) refuse a repeated name; this finds one in text that already parsed.

/** The first member name repeated within one object of `text` (valid JSON), or null. */
export function repeatedMemberName(text: string): string | null {
  // One frame per open container: the names seen so far for an object, null for an array.
  const frames: (Set<string> | null)[] = [];
  let expectName = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const top = frames[frames.length - 1];
      if (expectName && top) {
        const name = JSON.parse(text.slice(i, j + 1)) as string;
        if (top.has(name)) return name;
        top.add(name);
      }
      expectName = false;
      i = j;
    } else if (c === '{') {
      frames.push(new Set());
      expectName = true;
    } else if (c === '[') {
      frames.push(null);
      expectName = false;
    } else if (c === '}' || c === ']') {
      frames.pop();
      expectName = false;
    } else if (c === ',') {
      expectName = frames[frames.length - 1] instanceof Set;
    }
  }
  return null;
}
