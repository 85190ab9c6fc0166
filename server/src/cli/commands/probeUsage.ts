/** The usage lines of `probe`. */
export const PROBE_USAGE = `  tls-readiness probe <host[:port]|https://url ...> [--from <folder>] [--list] [--format text|json|sarif|markdown]
                     [--fail-on error|warning|note|none] [--timeout <ms>] [--concurrency <n>] [--ca <roots.pem>]`;
