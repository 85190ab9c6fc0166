import { CancellationToken, Connection } from 'vscode-languageserver';

/**
 * Registers a custom request whose params are optional: sent as an object, omitted, or as an empty array (what Neovim
 * sends for a Lua `{}`). vscode-jsonrpc spreads positional params and passes only the token when none are sent, so the
 * arguments are sorted out here: the handler always gets an object and the request's cancellation token.
 */
export function onOptionalParamsRequest<P extends object, R>(
  connection: Connection,
  method: string,
  handler: (params: Partial<P>, token: CancellationToken) => R | Promise<R>,
): void {
  connection.onRequest(method, async (...args: unknown[]): Promise<unknown> => {
    const last = args[args.length - 1];
    const token = CancellationToken.is(last) ? last : CancellationToken.None;
    const first = args.length > 1 ? args[0] : undefined;
    const params = first && typeof first === 'object' && !Array.isArray(first) ? (first as Partial<P>) : {};
    return handler(params, token);
  });
}
