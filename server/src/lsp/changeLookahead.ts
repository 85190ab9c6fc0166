import { Message, MessageStrategy, NotificationMessage } from 'vscode-languageserver/node';

/** The document a message changes, when it is a `textDocument/didChange`. */
function changedUri(message: Message): string | undefined {
  if (!Message.isNotification(message) || (message as NotificationMessage).method !== 'textDocument/didChange') {
    return undefined;
  }
  const uri = ((message as NotificationMessage).params as { textDocument?: { uri?: unknown } } | undefined)?.textDocument?.uri;
  return typeof uri === 'string' ? uri : undefined;
}

/** What the look-ahead tells the server's scheduling about the messages read but not yet handled. */
export interface InboundMessages {
  /** True when a change of `uri` was read and waits behind the message being handled (or behind none, not yet handled). */
  newerChangeWaiting(uri: string): boolean;
  /** Runs `then` once the message read and not yet handed on, if any, was handled (in a later turn of the event loop). */
  afterWaiting(then: () => void): void;
  /** True when a message was read and not yet handed on (the server is not idle). */
  anyWaiting(): boolean;
}

/** No look-ahead (a server built without the transport's): nothing is known to wait. */
export const NOTHING_WAITING: InboundMessages = { newerChangeWaiting: () => false, afterWaiting: (then) => then(), anyWaiting: () => false };

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
export class ChangeLookahead implements MessageStrategy, InboundMessages {
  private held: { message: Message; next: (message: Message) => void } | undefined;
  private readonly afterHeld: (() => void)[] = [];
  /** Where an error of a message handed on after its turn goes (the connection logs those it hands on itself). */
  onError: (e: unknown) => void = () => undefined;

  constructor(private readonly inner: MessageStrategy) {}

  /** Holds `message` and hands on the one held before it (now that this one is known). */
  handleMessage(message: Message, next: (message: Message) => void): void {
    const previous = this.held;
    this.held = { message, next };
    if (previous) {
      this.handOn(previous);
    }
    // Two turns: the connection's own turn that takes the next message read comes between them.
    setImmediate(() =>
      setImmediate(() => {
        const held = this.held;
        if (held?.message === message) {
          this.held = undefined;
          try {
            this.handOn(held);
          } catch (e) {
            this.onError(e);
          }
        }
      }),
    );
  }

  newerChangeWaiting(uri: string): boolean {
    return this.held !== undefined && changedUri(this.held.message) === uri;
  }

  anyWaiting(): boolean {
    return this.held !== undefined;
  }

  afterWaiting(then: () => void): void {
    if (this.held === undefined) {
      then();
    } else {
      this.afterHeld.push(then);
    }
  }

  /** Hands a held message on; what waited for it runs in the next turn (after the microtasks its handler started). */
  private handOn(held: { message: Message; next: (message: Message) => void }): void {
    const waiting = this.afterHeld.splice(0);
    try {
      this.inner.handleMessage(held.message, held.next);
    } finally {
      if (waiting.length > 0) {
        setImmediate(() => waiting.forEach((then) => then()));
      }
    }
  }
}
