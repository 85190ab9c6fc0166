import { NETFX_462, NETFX_48, displayVersion } from '../project/targetFramework';

/** One retarget a legacy client project is offered: the version, and whether bulk fixing may apply it. */
export interface RetargetOption {
  version: number;
  /** ".NET Framework 4.8", as fix titles say it. */
  label: string;
  safe: boolean;
}

/**
 * The retargets TLS001 offers, preferred first (`dynamicsTls.retargetTo`, the only safe one), then 4.8 and the KB's
 * 4.6.2 where they differ from it, as quick fixes (docs/rules/TLS001.md#the-fix).
 */
export function retargetOptions(preferred: number): RetargetOption[] {
  const versions = [preferred, ...[NETFX_48, NETFX_462].filter((v) => v !== preferred)];
  return versions.map((version, i) => ({ version, label: `.NET Framework ${displayVersion(version)}`, safe: i === 0 }));
}

/**
 * How messages name the preferred retarget, with why 4.6.2 is no longer the one to move to in bulk:
 * ".NET Framework 4.8 (4.6.2's support ends on 12 January 2027)".
 */
export function preferredRetargetText(preferred: number): string {
  return `.NET Framework ${displayVersion(preferred)} ${retargetNote(preferred)}`;
}

/** The parenthesis after a preferred version: why 4.6.2 is the minimum but not the version to move to in bulk. */
export function retargetNote(preferred: number): string {
  return preferred === NETFX_462 ? "(the KB's minimum; its support ends on 12 January 2027)" : "(4.6.2's support ends on 12 January 2027)";
}
