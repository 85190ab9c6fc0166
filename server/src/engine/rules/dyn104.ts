import { RuleContext } from '../model/ruleContext';
import { DirectEndpointCall, configEndpointCalls, csharpEndpointCalls, powershellEndpointCalls } from '../project/soapEndpoints';
import { deprecationSeverity, retirementScope } from './retirementScope';
import { Rule } from './rule';

/** DYN104: the 2011 SOAP endpoint or the OData v2.0 endpoint called directly (docs/rules/DYN104.md). No automatic fix. */
export const dyn104: Rule = {
  meta: {
    id: 'DYN104',
    title: 'Legacy 2011 SOAP or OData v2.0 endpoint called directly',
    defaultSeverity: 'warning',
    kinds: ['csharp', 'powershell', 'config'],
    hasSafeFix: false,
    summary: 'Raw HTTP or a WCF proxy calls /XRMServices/2011/OrganizationData.svc (OData v2.0, deprecated, removal pending) or /XRMServices/2011/Organization.svc (shutdown planned for clients other than the SDK\'s service clients): use the Web API or ServiceClient.',
  },
  check(ctx: RuleContext): void {
    const calls = ctx.kind === 'csharp' ? csharpEndpointCalls(ctx.text) : ctx.kind === 'powershell' ? powershellEndpointCalls(ctx.text) : ctx.xml ? configEndpointCalls(ctx.xml) : [];
    for (const call of calls) {
      const byHost = call.deployment === 'onPremises';
      const scope = retirementScope(ctx, ctx.project);
      const context = byHost ? ` (${call.host ?? 'its host'} is not a Dynamics 365 online host: an on-premises server, which this online retirement does not affect)` : call.deployment === 'online' ? '' : scope.context;
      const severity = byHost ? 'information' : call.deployment === 'online' ? 'warning' : deprecationSeverity(scope);
      ctx.report({ severity, message: messageOf(call, context), start: call.start, end: call.end, related: byHost || call.deployment === 'online' ? [] : scope.related });
    }
  },
};

function messageOf(call: DirectEndpointCall, context: string): string {
  if (call.endpoint === 'odata2') {
    return `${via(call)} calls the OData v2.0 endpoint (/XRMServices/2011/OrganizationData.svc) directly: it has been deprecated since Dynamics 365 v8.0, and its removal, planned for 11 November 2022 and then 30 April 2023, was postponed until Microsoft announces a final date${context}. Rewrite the calls for the Web API (/api/data/v9.2/, OData v4.0): entity set and column names differ.`;
  }
  return `${via(call)} calls the 2011 SOAP endpoint (/XRMServices/2011/Organization.svc) directly: Microsoft plans to shut it down for client applications that do not use its service clients (CrmServiceClient or ServiceClient)${context}. Use the Web API, or ServiceClient from Microsoft.PowerPlatform.Dataverse.Client.`;
}

/** The caller as a message starts with it ("A WCF client endpoint", "Invoke-RestMethod"). */
function via(call: DirectEndpointCall): string {
  return call.via.charAt(0).toUpperCase() + call.via.slice(1);
}
