import { ErrorSignature, SIGNATURES } from './signatures';

/** One recognised error: where it sits (0-based line, the trimmed line's character span) and which signature it is. */
export interface ErrorMatch {
  line: number;
  /** First and past-last character of the line's content (leading and trailing whitespace excluded). */
  start: number;
  end: number;
  signature: ErrorSignature;
  /** True when the phrase was found only by joining this line with the next (a wrapped message). */
  wrapped: boolean;
}

/**
 * Puts a line into the form the phrases are written in: lower case, typographic apostrophes as `'`, escaped line
 * breaks of JSON/logfmt logs and every whitespace run (tabs, no-break spaces) as one space.
 */
export function normaliseLine(line: string): string {
  return line
    .toLowerCase()
    .replace(/\\[rnt]/g, ' ')
    .replace(/[\u2018\u2019\u02bc\u00b4`]/g, "'")
    .replace(/[\s\u00a0\u202f]+/g, ' ');
}

interface CompiledSignature {
  signature: ErrorSignature;
  phrases: RegExp;
  contextPhrases: RegExp | undefined;
  contextPattern: RegExp | undefined;
  continuationPhrases: RegExp | undefined;
}

function alternation(sources: readonly string[]): RegExp {
  return new RegExp(sources.map((s) => `(?:${s})`).join('|'));
}

const COMPILED: readonly CompiledSignature[] = SIGNATURES.map((signature) => ({
  signature,
  phrases: alternation(signature.phrases),
  contextPhrases: signature.context ? alternation(signature.context.phrases) : undefined,
  contextPattern: signature.context ? new RegExp(signature.context.pattern) : undefined,
  continuationPhrases: signature.continuation ? alternation(signature.continuation.phrases) : undefined,
}));

/** Every phrase of every signature in one expression: a line that fails it is skipped after one test. */
const ANY_PHRASE = alternation(SIGNATURES.flatMap((s) => [...s.phrases, ...(s.context?.phrases ?? []), ...(s.continuation?.phrases ?? [])]));
const ANY_PRIMARY = alternation(SIGNATURES.flatMap((s) => s.phrases));

function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

function contentSpan(line: string): { start: number; end: number } {
  const start = line.length - line.trimStart().length;
  return { start, end: Math.max(start, line.trimEnd().length) };
}

function contextHolds(compiled: CompiledSignature, normalised: readonly string[], index: number): boolean {
  const pattern = compiled.contextPattern;
  const before = compiled.signature.context?.linesBefore ?? 0;
  if (!pattern) {
    return false;
  }
  for (let i = index; i >= Math.max(0, index - before); i--) {
    if (pattern.test(normalised[i] ?? '')) {
      return true;
    }
  }
  return false;
}

/** True when the signature's own phrases matched within its continuation distance above the line. */
function continuesAbove(compiled: CompiledSignature, normalised: readonly string[], index: number): boolean {
  const before = compiled.signature.continuation?.linesBefore ?? 0;
  for (let i = index - 1; i >= Math.max(0, index - before); i--) {
    if (compiled.phrases.test(normalised[i] ?? '')) {
      return true;
    }
  }
  return false;
}

/** The signatures a single normalised line shows, in table order (a stack-trace line may hold an error and its cause). */
function lineSignatures(normalised: readonly string[], index: number): CompiledSignature[] {
  const text = normalised[index] ?? '';
  if (!ANY_PHRASE.test(text)) {
    return [];
  }
  return COMPILED.filter(
    (c) =>
      c.phrases.test(text) ||
      (c.contextPhrases?.test(text) === true && contextHolds(c, normalised, index - 1)) ||
      (c.continuationPhrases?.test(text) === true && !continuesAbove(c, normalised, index)),
  );
}

/**
 * A message wrapped over two lines (a console's hard wrap mid-word, or a logger that breaks long messages): the
 * signatures found in this line joined with the next that neither line shows alone.
 */
function wrappedSignatures(normalised: readonly string[], index: number): CompiledSignature[] {
  const here = (normalised[index] ?? '').trimEnd();
  const next = (normalised[index + 1] ?? '').trimStart();
  if (here === '' || next === '' || ANY_PRIMARY.test(next)) {
    return [];
  }
  const joins = [`${here} ${next}`, `${here}${next}`];
  if (!joins.some((j) => ANY_PRIMARY.test(j))) {
    return [];
  }
  return COMPILED.filter((c) => joins.some((j) => c.phrases.test(j)));
}

/** Finds the recognised connection errors in a log, trace or pasted text; each line reports each signature once. */
export function findErrors(text: string): ErrorMatch[] {
  const lines = splitLines(text);
  const normalised = lines.map(normaliseLine);
  const matches: ErrorMatch[] = [];
  for (let i = 0; i < lines.length; i++) {
    const single = lineSignatures(normalised, i);
    const found = single.length ? single : wrappedSignatures(normalised, i);
    const span = contentSpan(lines[i] ?? '');
    for (const c of found) {
      matches.push({ line: i, ...span, signature: c.signature, wrapped: single.length === 0 });
    }
  }
  return matches;
}
