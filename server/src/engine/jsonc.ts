/**
 * Parses JSON with comments and trailing commas, as VS Code writes `settings.json`: `//` and `/* *\/` comments are
 * removed outside strings (a `//` inside `"https://…"` stays), then commas before `}` or `]` are dropped.
 * Throws SyntaxError like JSON.parse on anything else.
 */
export function parseJsonc(text: string): unknown {
  let out = '';
  let i = 0;
  const source = text.replace(/^\uFEFF/, '');
  while (i < source.length) {
    const c = source[i];
    if (c === '"') {
      const start = i;
      i++;
      while (i < source.length && source[i] !== '"') {
        i += source[i] === '\\' ? 2 : 1;
      }
      i++;
      out += source.slice(start, i);
    } else if (c === '/' && source[i + 1] === '/') {
      while (i < source.length && source[i] !== '\n' && source[i] !== '\r') {
        i++;
      }
    } else if (c === '/' && source[i + 1] === '*') {
      const end = source.indexOf('*/', i + 2);
      i = end < 0 ? source.length : end + 2;
      out += ' ';
    } else {
      out += c;
      i++;
    }
  }
  return JSON.parse(withoutTrailingCommas(out));
}

/** Drops commas that precede `}` or `]` (outside strings). */
function withoutTrailingCommas(json: string): string {
  let out = '';
  let i = 0;
  while (i < json.length) {
    const c = json[i];
    if (c === '"') {
      const start = i;
      i++;
      while (i < json.length && json[i] !== '"') {
        i += json[i] === '\\' ? 2 : 1;
      }
      i++;
      out += json.slice(start, i);
      continue;
    }
    if (c === ',') {
      let next = i + 1;
      while (next < json.length && /\s/.test(json[next] ?? '')) {
        next++;
      }
      if (json[next] === '}' || json[next] === ']') {
        i++;
        continue;
      }
    }
    out += c;
    i++;
  }
  return out;
}
