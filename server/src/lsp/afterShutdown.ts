import { Connection, ErrorCodes, Message, MessageStrategy, NotificationMessage, RequestMessage, ResponseError } from 'vscode-languageserver/node';

/** The method every request received after `shutdown` is redirected to: its handler answers `InvalidRequest`. */
const AFTER_SHUTDOWN = 'dynamicsTls/afterShutdown';

/**
 * The LSP's rule for the end of a session, kept at the transport: once `shutdown` has been received, every request
 * (a second `shutdown` too) fails with `InvalidRequest` and every notification but `exit` is dropped, so no analysis
 * starts after the client said it is done. `exit` is handled by the library: code 0 after `shutdown`, 1 without it.
 */
export class ShutdownGuard implements MessageStrategy {
  private shutDown = false;

  /** True once `shutdown` was received (the process then ends with code 0 when its input ends). */
  get received(): boolean {
    return this.shutDown;
  }

  /** Passes messages on until `shutdown`; after it, turns requests into `InvalidRequest` answers and drops notifications. */
  handleMessage(message: Message, next: (message: Message) => void): void {
    if (!this.shutDown) {
      this.shutDown = Message.isRequest(message) && message.method === 'shutdown';
      next(message);
      return;
    }
    if (Message.isRequest(message)) {
      const redirected: RequestMessage = { jsonrpc: message.jsonrpc, id: message.id, method: AFTER_SHUTDOWN, params: { method: message.method } };
      next(redirected);
    } else if (Message.isNotification(message) && (message as NotificationMessage).method === 'exit') {
      next(message);
    } else if (Message.isResponse(message)) {
      next(message);
    }
  }

  /** Registers the handler that answers redirected requests. */
  register(connection: Connection): void {
    connection.onRequest(AFTER_SHUTDOWN, (params: { method?: unknown }) => {
      throw new ResponseError(ErrorCodes.InvalidRequest, `${String(params.method)}: the server is shutting down (shutdown was received)`);
    });
  }
}
