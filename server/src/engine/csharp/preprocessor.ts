/** A preprocessor group while scanning `#if` … `#endif`: where its current dead branch started, and whether a branch was certainly taken. */
interface Frame {
  deadFrom: number | undefined;
  /** A previous branch of this group had a condition that is constantly true: every later branch is dead. */
  taken: boolean;
}

const DIRECTIVE = /^[ \t]*#[ \t]*(if|elif|else|endif)\b([^\r\n]*)/gm;
const TOKEN = /\s*(\|\||&&|==|!=|!|\(|\)|[A-Za-z_]\w*|\S)/y;

/**
 * The value of a directive condition: true or false when it is constant whatever symbols are defined (`false`,
 * `!true`, `false && DEBUG`, `true || X`), undefined when it depends on a symbol (any build configuration may define it).
 */
export function conditionValue(condition: string): boolean | undefined {
  const tokens: string[] = [];
  const text = condition.replace(/\/\/.*$/, '');
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while (TOKEN.lastIndex < text.length && (m = TOKEN.exec(text))) {
    tokens.push(m[1] ?? '');
  }
  let i = 0;
  let ok = true;
  const peek = (): string | undefined => tokens[i];
  const primary = (): boolean | undefined => {
    const t = tokens[i++];
    if (t === '(') {
      const v = or();
      ok = ok && tokens[i++] === ')';
      return v;
    }
    if (t === '!') {
      const v = primary();
      return v === undefined ? undefined : !v;
    }
    if (t === 'true' || t === 'false') {
      return t === 'true';
    }
    ok = ok && t !== undefined && /^[A-Za-z_]\w*$/.test(t);
    return undefined;
  };
  const equality = (): boolean | undefined => {
    let v = primary();
    while (peek() === '==' || peek() === '!=') {
      const negate = tokens[i++] === '!=';
      const w = primary();
      v = v === undefined || w === undefined ? undefined : (v === w) !== negate;
    }
    return v;
  };
  const and = (): boolean | undefined => {
    let v = equality();
    while (peek() === '&&') {
      i++;
      const w = equality();
      v = v === false || w === false ? false : v === true && w === true ? true : undefined;
    }
    return v;
  };
  const or = (): boolean | undefined => {
    let v = and();
    while (peek() === '||') {
      i++;
      const w = and();
      v = v === true || w === true ? true : v === false && w === false ? false : undefined;
    }
    return v;
  };
  const value = or();
  return ok && i === tokens.length ? value : undefined;
}

/**
 * The text ranges no build compiles: `#if false` branches, the branches after one whose condition is constantly true
 * (`#if true` … `#else`), and their nested directives. Read from the directive lines with one regular expression; a
 * line the tree puts inside a string or comment (`isDirective` false) is text, not a directive. Conditions that name a
 * symbol are live: every `#if DEBUG` branch is analysed.
 */
export function deadRanges(text: string, isDirective: (offset: number) => boolean = () => true): [number, number][] {
  const out: [number, number][] = [];
  if (!text.includes('#')) {
    return out;
  }
  const stack: Frame[] = [];
  DIRECTIVE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = DIRECTIVE.exec(text))) {
    if (!isDirective(m.index + m[0].indexOf('#'))) {
      continue;
    }
    const kind = m[1];
    const lineEnd = m.index + m[0].length;
    const top = stack[stack.length - 1];
    if (kind === 'if') {
      const v = conditionValue(m[2] ?? '');
      stack.push({ deadFrom: v === false ? lineEnd : undefined, taken: v === true });
      continue;
    }
    if (!top) {
      continue;
    }
    if (top.deadFrom !== undefined) {
      out.push([top.deadFrom, m.index]);
      top.deadFrom = undefined;
    }
    if (kind === 'endif') {
      stack.pop();
    } else {
      const v = kind === 'elif' ? conditionValue(m[2] ?? '') : true;
      top.deadFrom = top.taken || v === false ? lineEnd : undefined;
      top.taken = top.taken || v === true;
    }
  }
  for (const f of stack) {
    if (f.deadFrom !== undefined) {
      out.push([f.deadFrom, text.length]);
    }
  }
  return out;
}
