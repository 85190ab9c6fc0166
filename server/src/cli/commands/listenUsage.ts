/** The usage lines of `listen`. */
export const LISTEN_USAGE = `  tls-readiness listen [--port <n>] [--host <address>] [--min 1.2] [--format text|json] [--max-clients <n>]`;
