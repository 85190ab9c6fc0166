import { RuleContext } from '../model/ruleContext';
import { PackagePin, pinBelow, pinIs } from '../project/packagePins';
import { DATAVERSE_CLIENT_PACKAGE, DATAVERSE_CLIENT_VERSION, XRM_TOOLING_PACKAGE } from '../project/serviceClientMove';
import { retirementScope, pinsOfFile } from './retirementScope';
import { Rule } from './rule';

/**
 * A connection library version known not to handle what the service requires, with the version that does and what
 * the older one lacks. Only thresholds Microsoft documents (docs/rules/DYN105.md, "Sources"); none is invented.
 */
interface KnownGap {
  id: string;
  fixedIn: string;
  lacks: string;
}

const GAPS: readonly KnownGap[] = [
  {
    id: XRM_TOOLING_PACKAGE,
    fixedIn: '9.0.2.16',
    lacks: 'does not pause and resend a request after the Retry-After duration when Dataverse throttles it (service protection API limits); CrmServiceClient does so from Xrm.Tooling.Connector 9.0.2.16',
  },
  {
    id: DATAVERSE_CLIENT_PACKAGE,
    fixedIn: DATAVERSE_CLIENT_VERSION,
    lacks: 'reads the Retry-After of Web API throttling responses as hours instead of seconds and honours the server\'s Retry-After only for burst throttling; ServiceClient 1.1.32 fixed both',
  },
];

/** DYN105: XrmTooling / Dataverse.Client versions known not to handle throttling's Retry-After (docs/rules/DYN105.md). */
export const dyn105: Rule = {
  meta: {
    id: 'DYN105',
    title: 'Connection library version that mishandles throttling',
    defaultSeverity: 'information',
    kinds: ['project', 'packagesConfig'],
    hasSafeFix: false,
    summary: 'The project pins XrmTooling below 9.0.2.16 or Dataverse.Client below 1.1.32, versions that do not retry after Dataverse\'s Retry-After as documented: update the package.',
  },
  check(ctx: RuleContext): void {
    const model = ctx.project;
    const pins = pinsOfFile(ctx);
    if (pins.length === 0 || retirementScope(ctx, model).reach !== 'online') {
      return;
    }
    for (const gap of GAPS) {
      const pin = pins.find((p) => pinIs(p, gap.id) && pinBelow(p, gap.fixedIn));
      if (pin) {
        ctx.report({ severity: 'information', message: messageOf(pin, gap), start: pin.element.start, end: pin.element.startTagEnd });
      }
    }
  },
};

function messageOf(pin: PackagePin, gap: KnownGap): string {
  return `${gap.id} ${pin.version ?? ''} ${gap.lacks}: update the package to ${gap.fixedIn} or later, or handle the throttling faults yourself (advisory: requests fail only when Dataverse throttles them).`;
}
