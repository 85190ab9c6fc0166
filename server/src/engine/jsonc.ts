import { ParseError, parse, printParseErrorCode } from 'jsonc-parser';

/**
 * Parses JSON with comments and trailing commas, as VS Code writes `settings.json`, with `jsonc-parser` (the parser
 * VS Code itself uses). Throws SyntaxError naming the first problem and its offset, so a broken file reads like
 * JSON.parse's failure.
 */
export function parseJsonc(text: string): unknown {
  const errors: ParseError[] = [];
  const value: unknown = parse(text.replace(/^\uFEFF/, ''), errors, { allowTrailingComma: true, disallowComments: false });
  const first = errors[0];
  if (first) {
    throw new SyntaxError(`${printParseErrorCode(first.error)} at offset ${first.offset}`);
  }
  return value;
}
