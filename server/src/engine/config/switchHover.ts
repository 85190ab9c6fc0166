import { XmlDocument } from '../parsing/xmlModel';
import { SwitchPair, SwitchSite, isEffective, isWebConfigPath, pairValue, spellingSuggestions, switchSites } from './switchOverrides';

/** What a hover shows on a config switch: markdown and the offsets of the pair it describes. */
export interface SwitchHover {
  markdown: string;
  span: { start: number; end: number };
}

/** What a TLS switch does when true and when false, and which targets it concerns (docs/rules/TLS010.md, TLS011.md). */
interface SwitchMeaning {
  whenTrue: string;
  whenFalse: string;
  targets: string;
}

/** The meaning of every TLS switch .NET Framework knows, by exact name. */
const SWITCH_MEANINGS: Readonly<Record<string, SwitchMeaning>> = {
  'Switch.System.Net.DontEnableSchUseStrongCrypto': {
    whenTrue: 'turns strong cryptography off for the process: weak ciphers and SSL 3.0 come back and, on targets below 4.7, `ServicePointManager` falls back to `Ssl3, Tls` — no TLS 1.2, so Dynamics 365 online refuses the connection',
    whenFalse: 'keeps strong cryptography on: TLS 1.2 is offered',
    targets: '.NET Framework 4.6 and later read it; an app that targets 4.6 or later has it false by default',
  },
  'Switch.System.Net.DontEnableSystemDefaultTlsVersions': {
    whenTrue: 'stops .NET Framework from letting the OS choose the protocol and reverts to a fixed `Tls, Tls11, Tls12` set: no TLS 1.3 or later, TLS 1.0/1.1 still on offer',
    whenFalse: 'lets the OS choose the protocol (TLS 1.2 and later where the OS offers them)',
    targets: '.NET Framework 4.7 and later read it; an app that targets 4.7 or later has it false by default',
  },
  'Switch.System.ServiceModel.DisableUsingServicePointManagerSecurityProtocols': {
    whenTrue: 'WCF message security with certificate credentials uses TLS 1.0 only, whatever `ServicePointManager` says',
    whenFalse: 'WCF message security follows `ServicePointManager`',
    targets: 'WCF on .NET Framework 4.6.2 and later',
  },
  'Switch.System.ServiceModel.DontEnableSystemDefaultTlsVersions': {
    whenTrue: 'caps WCF transport security at TLS 1.2 instead of the OS default',
    whenFalse: 'WCF transport security uses the OS default protocols',
    targets: 'WCF on .NET Framework 4.7.1 and later',
  },
  'Switch.System.Net.DontEnableSchSendAuxRecord': {
    whenTrue: 'turns off the record splitting that protects SSL 3.0 / TLS 1.0 connections (a compatibility switch for old servers)',
    whenFalse: 'keeps record splitting on',
    targets: '.NET Framework 4.6 and later',
  },
  'Switch.System.Net.DontEnableTlsAlerts': {
    whenTrue: '`SslStream` sends no TLS alerts when a handshake fails (a compatibility switch)',
    whenFalse: '`SslStream` sends TLS alerts',
    targets: '.NET Framework 4.7 and later',
  },
  'Switch.System.Net.DontCheckCertificateEKUs': {
    whenTrue: 'skips the check of the certificate’s enhanced key usages: weaker certificate validation for every endpoint',
    whenFalse: 'checks the certificate’s enhanced key usages',
    targets: '.NET Framework 4.6 and later',
  },
};

/** Why the runtime does not apply a pair, or undefined when it does. */
function notApplied(site: SwitchSite, pair: SwitchPair, isWebConfig: boolean): string | undefined {
  if (!site.placed) {
    return site.kind === 'appSetting' && !isWebConfig
      ? '`AppContext.SetSwitch:` appSettings keys are read only by ASP.NET, from web.config'
      : 'the runtime reads `AppContextSwitchOverrides` only under `<configuration><runtime>`';
  }
  if (site.duplicate) {
    return 'a second `AppContextSwitchOverrides` element under `<runtime>` is ignored';
  }
  if (!pair.wellFormed) {
    return pair.spacedName ? 'whitespace around the name: the runtime looks up a name with the spaces' : 'not a `name=true|false` pair';
  }
  return isEffective(site, pair) ? undefined : 'a later pair of the same name wins';
}

/**
 * Describes the TLS switch under an offset of a config file: what its value does, on which targets it matters, and
 * whether the runtime applies it here (placement, a duplicate element, a malformed or overridden pair, a misspelling).
 * Undefined when the offset is on no switch pair.
 */
export function describeSwitchAt(doc: XmlDocument, text: string, path: string, offset: number): SwitchHover | undefined {
  const isWebConfig = isWebConfigPath(path);
  for (const site of switchSites(doc, text, isWebConfig)) {
    const pair = site.pairs.find((p) => offset >= p.segmentStart && offset <= p.segmentEnd) ?? (site.kind === 'appSetting' && offset >= site.element.start && offset <= site.element.startTagEnd ? site.pairs[0] : undefined);
    if (!pair) {
      continue;
    }
    const meaning = SWITCH_MEANINGS[pair.name];
    const suggestions = meaning ? [] : spellingSuggestions(pair.name.trim());
    if (!meaning && suggestions.length === 0) {
      return undefined;
    }
    const lines: string[] = [];
    if (meaning) {
      const value = pairValue(pair);
      lines.push(`**${pair.name}** = \`${pair.value ?? ''}\`: ${value === undefined ? 'not true or false, so nothing is set' : value ? meaning.whenTrue : meaning.whenFalse}`);
      lines.push(`**Targets** ${meaning.targets}`);
    } else {
      lines.push(`**${pair.name}** is no switch .NET knows, so it does nothing: did you mean \`${suggestions.join('` or `')}\`?`);
    }
    const why = notApplied(site, pair, isWebConfig);
    lines.push(why ? `**Not applied** ${why}` : '**Applied** the runtime reads this pair');
    return { markdown: lines.join('\n\n'), span: { start: pair.segmentStart, end: pair.segmentEnd } };
  }
  return undefined;
}
