import { SyntaxNode } from '../parsing/parserPort';

/** The names of on-premises deployment modes a script selects (`AD`, `IFD`, `Claims`, `OnPremise`…). */
const ON_PREMISES_MODE = /^(ad|ifd|claims|onprem|onprems|onpremise|onpremises|on-premise|on-premises)$/i;

/**
 * True when an `if` condition selects an on-premises mode (docs/rules/TLS030.md, on-premises evidence: `if ($authType -eq 'AD')`,
 * `if ($OnPremises)`): a connection in its first block goes on-premises. Negations and `-or` never count.
 */
export function isOnPremisesCondition(condition: SyntaxNode): boolean {
  const t = condition.text.replace(/\s+/g, ' ').trim().replace(/^\(\s*|\s*\)$/g, '');
  if (/(^|\s)(-or|-not|-xor|-ne|-notlike|-notmatch|-cne|-ine)\b|^!/i.test(t)) {
    return false;
  }
  const compared = /^\$[\w:]+ -[ic]?(eq|like|match) ['"]?([\w-]+)['"]?$/i.exec(t);
  if (compared) {
    return ON_PREMISES_MODE.test(compared[2] ?? '');
  }
  return /^\$(\w+:)?(is|use)?on-?prem(ise)?s?$/i.test(t);
}

/** True when a `switch` arm's label names an on-premises mode (`'OnPremise' { … }`, `IFD { … }`). */
export function isOnPremisesArm(label: SyntaxNode): boolean {
  return ON_PREMISES_MODE.test(label.text.trim().replace(/^['"]|['"]$/g, ''));
}
