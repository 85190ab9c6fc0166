/**
 * What the language server's process environment changes from the editor's. The server opens no network connection,
 * so it is started without `NODE_EXTRA_CA_CERTS`, whose certificate bundle Node would otherwise read and parse before
 * anything else (≈ 80 ms of every start on a machine that sets it; `npm run bench` starts the server the same way).
 */
export const SERVER_ENVIRONMENT: Readonly<Record<string, string | undefined>> = { NODE_EXTRA_CA_CERTS: undefined };
