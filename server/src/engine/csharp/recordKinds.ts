import { SyntaxNode } from '../parsing/parserPort';
import { CLIENT_TYPE_NAMES } from './clientTypes';
import { CsharpModel, RecordListName } from './csharpRecords';
import { authenticateMention, clientMention, securityProtocolMention, setSwitchMention, sslProtocolsMention } from './mentions';
import { proxyPropertyMention } from './proxyProperty';

/**
 * One kind of C# record: the identifiers that start it, the model list its records go to (their type is that list's in
 * csharpRecords.ts), and the finder that turns a live mention into a record. Every list is shifted after an edit and
 * memoised per member the same way (csharpModel.ts, memberMemo.ts): offsets are the only thing that moves.
 */
export interface RecordKind {
  /** Whole identifiers that can start such a record; the model visits only these, the scan's gate looks for them. */
  words: readonly string[];
  list: RecordListName;
  /** Records what one live mention (an identifier leaf, not a comment, string or dead branch) stands for, if anything. */
  find: (id: SyntaxNode, model: CsharpModel, seen: Set<string>) => void;
  /** True for records that set protocols (writes, sinks, switches): a generated file is analysed only when it mentions one. */
  setting: boolean;
}

/** The kinds of C# records: the one list of trigger words the model, the memo, the facts pre-check and the scan gate read. */
export const RECORD_KINDS: readonly RecordKind[] = [
  { words: ['SecurityProtocol'], list: 'writes', find: securityProtocolMention, setting: true },
  // `EnabledSslProtocols`: SslClientAuthenticationOptions, what AuthenticateAsClient(options) takes.
  { words: ['SslProtocols', 'EnabledSslProtocols'], list: 'sslUses', find: sslProtocolsMention, setting: true },
  { words: ['AuthenticateAsClient', 'AuthenticateAsClientAsync', 'BeginAuthenticateAsClient'], list: 'sslUses', find: authenticateMention, setting: true },
  { words: ['SetSwitch'], list: 'switches', find: setSwitchMention, setting: true },
  { words: CLIENT_TYPE_NAMES, list: 'creations', find: clientMention, setting: false },
  // `client.OrganizationServiceProxy`: the same word as the type, so a mention is offered to both kinds' finders.
  { words: ['OrganizationServiceProxy'], list: 'proxyProperties', find: proxyPropertyMention, setting: false },
];

/** The kinds each trigger word starts (a word may start records of two kinds: a type and a property of that name). */
const KINDS_OF_WORD = new Map<string, RecordKind[]>();
for (const kind of RECORD_KINDS) {
  for (const word of kind.words) {
    KINDS_OF_WORD.set(word, [...(KINDS_OF_WORD.get(word) ?? []), kind]);
  }
}

/** Every trigger word of every kind, once. */
export const RECORD_WORDS: readonly string[] = [...KINDS_OF_WORD.keys()];

/** The trigger words of the kinds that set protocols. */
export const SETTING_WORDS: readonly string[] = RECORD_KINDS.filter((kind) => kind.setting).flatMap((kind) => kind.words);

/** Finds every trigger word in a text, as a whole identifier (callers set `lastIndex` and call `exec`). */
export function recordTrigger(): RegExp {
  return new RegExp(`\\b(${RECORD_WORDS.join('|')})\\b`, 'g');
}

/** Records what a live mention of `word` stands for, by its kinds' finders. */
export function findRecord(id: SyntaxNode, word: string, model: CsharpModel, seen: Set<string>): void {
  for (const kind of KINDS_OF_WORD.get(word) ?? []) {
    kind.find(id, model, seen);
  }
}
