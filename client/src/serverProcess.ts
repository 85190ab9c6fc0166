/**
 * What the language server's process environment changes from the editor's. The server opens no network connection,
 * so it is started without `NODE_EXTRA_CA_CERTS`, whose certificate bundle Node would otherwise read and parse before
 * anything else (≈ 80 ms of every start on a machine that sets it). `npm run bench` starts the server the same way.
 */
export const SERVER_ENVIRONMENT: Readonly<Record<string, string | undefined>> = { NODE_EXTRA_CA_CERTS: undefined };

/**
 * V8 options of the server process: a young generation of at most 8 MB per semi-space (V8's default is 16) keeps the
 * long-running server ≈ 15 MB smaller after a workspace check, whose file reads are short-lived garbage; scan and
 * keystroke times are unchanged (measured with `npm run bench`).
 */
export const SERVER_EXEC_ARGV: readonly string[] = ['--max-semi-space-size=8'];
