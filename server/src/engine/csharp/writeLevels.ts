import { Severity } from '../model/finding';
import { PROTOCOL_BITS } from '../project/targetFramework';

/**
 * The severities of the `ServicePointManager.SecurityProtocol` write rules, one function per rule, as their pages
 * docs/rules/TLS020.md–TLS023.md give them (with the flow of writes and the unknown-target cap of
 * docs/facts.md#severity-and-context). The judge (writeJudge.ts) decides *what* is wrong with a straight run; these
 * decide how serious it is.
 */

/** The family of the runtime a write is judged on: a known .NET Framework, modern .NET (net5+), or unknown. */
export type WriteFamily = 'netfx' | 'modern' | 'unknown';

/**
 * TLS020, a set without TLS 1.2: error — it fails on every target, so an unknown target keeps it an error unless the
 * verdict itself depends on the target; warning when the set holds TLS 1.3 (TLS 1.3 only: Windows before 11 / Server
 * 2022 has no TLS 1.3 client) and on modern .NET (it still governs HttpWebRequest and WebClient, not HttpClient).
 */
export function tls020Level(family: WriteFamily, result: number, targetDependent: boolean): Severity {
  if (family === 'modern' || (result & PROTOCOL_BITS.Tls13) !== 0 || (family === 'unknown' && targetDependent)) {
    return 'warning';
  }
  return 'error';
}

/** TLS021, deprecated members beside TLS 1.2 that the statement writes: information (it connects; hygiene). */
export function tls021Level(): Severity {
  return 'information';
}

/**
 * TLS022, a TLS 1.2 pin: warning on ≥ 4.7 where `=` pins over the OS default (blocks TLS 1.3); information for
 * `|= Tls12` there (the KB's idiom), below 4.7, on modern .NET (no effect on HttpClient) and with an unknown target.
 */
export function tls022Level(family: WriteFamily, osDecides: boolean, additive: boolean): Severity {
  return family === 'netfx' && osDecides && !additive ? 'warning' : 'information';
}

/** TLS023, SystemDefault / 0 below 4.7: error (the handshake throws); with an unknown target, where it depends on it, a warning. */
export function tls023Level(family: WriteFamily, targetDependent: boolean): Severity {
  return family === 'unknown' && targetDependent ? 'warning' : 'error';
}
