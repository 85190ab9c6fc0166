import { Message, MessageStrategy, NotificationMessage } from 'vscode-languageserver/node';

/** The document a message changes, when it is a `textDocument/didChange`. */
function changedUri(message: Message): string | undefined {
  if (!Message.isNotification(message) || (message as NotificationMessage).method !== 'textDocument/didChange') {
    return undefined;
  }
  const uri = ((message as NotificationMessage).params as { textDocument?: { uri?: unknown } } | undefined)?.textDocument?.uri;
  return typeof uri === 'string' ? uri : undefined;
}

/**
 * A look-ahead of one message at the transport, so that a document's change is handled knowing whether a newer change
 * of the same document was already read behind it. The connection takes one message per turn of the event loop, and
 * the next only after the current one was handled: each message is held until the connection takes the next one (then
 * it is handled, in order, with the next one visible) or until two turns pass without one (then nothing was waiting).
 * A burst's changes are therefore known as such however the server's turns are spread in time — on a loaded machine
 * the gaps between the turns that read a burst stretch beyond any quiet period, and a change that looked quiet was
 * analysed at once with newer text already read. Messages keep their order; `inner` (the shutdown rule) sees each one
 * as it is handled.
 */
export class ChangeLookahead implements MessageStrategy {
  private held: { message: Message; next: (message: Message) => void } | undefined;
  /** Where an error of a message handed on after its turn goes (the connection logs those it hands on itself). */
  onError: (e: unknown) => void = () => undefined;

  constructor(private readonly inner: MessageStrategy) {}

  /** Holds `message` and hands on the one held before it (now that this one is known). */
  handleMessage(message: Message, next: (message: Message) => void): void {
    const previous = this.held;
    this.held = { message, next };
    if (previous) {
      this.inner.handleMessage(previous.message, previous.next);
    }
    // Two turns: the connection's own turn that takes the next message read comes between them.
    setImmediate(() =>
      setImmediate(() => {
        const held = this.held;
        if (held?.message === message) {
          this.held = undefined;
          try {
            this.inner.handleMessage(held.message, held.next);
          } catch (e) {
            this.onError(e);
          }
        }
      }),
    );
  }

  /** True when a change of `uri` was read and waits behind the message being handled (or behind none, not yet handled). */
  newerChangeWaiting(uri: string): boolean {
    return this.held !== undefined && changedUri(this.held.message) === uri;
  }
}
