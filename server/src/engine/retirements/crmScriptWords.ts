/**
 * The words the CrmServiceClient readers of a PowerShell script start from (DYN101's property reads, DYN101's and
 * DYN103's connector cmdlets, the client's constructions), found in one pass over the script's text: each reader used
 * to test its own regular expression, and DYN101 ran both over the same words.
 */
export interface CrmScriptWords {
  /** `OrganizationServiceProxy` anywhere (any case). */
  readonly proxyProperty: boolean;
  /** `CrmServiceClient` at the start of a word (a type name, a typed parameter, `[…CrmServiceClient]::new`). */
  readonly clientType: boolean;
  /** `Get-CrmConnection` or `Connect-CrmOnline…` at the start of a word (the cmdlets that return a CrmServiceClient). */
  readonly connector: boolean;
}

/** The three alternatives in one pattern; none of the words overlaps another, so a global scan finds every one. */
const WORDS = /(organizationserviceproxy)|\b(crmserviceclient)|\b(?:get-crmconnection|connect-crmonline)/gi;

let last: { text: string; words: CrmScriptWords } | undefined;

/** Which of the words a script's text mentions (kept for the last text: the rules of one file ask in turn). */
export function crmScriptWords(text: string): CrmScriptWords {
  if (last && last.text === text) {
    return last.words;
  }
  let proxyProperty = false;
  let clientType = false;
  let connector = false;
  WORDS.lastIndex = 0;
  for (let m = WORDS.exec(text); m && !(proxyProperty && clientType && connector); m = WORDS.exec(text)) {
    if (m[1] !== undefined) {
      proxyProperty = true;
    } else if (m[2] !== undefined) {
      clientType = true;
    } else {
      connector = true;
    }
  }
  const words = { proxyProperty, clientType, connector };
  last = { text, words };
  return words;
}
