import { SCH_USE_STRONG_CRYPTO, isEffective, isWebConfigPath, pairValue, siteRange, switchSites } from '../config/switchOverrides';
import { XmlDocument, allElements, attributeValue } from '../parsing/xmlModel';
import { Evidence, classifyConnectionString, connectionStringLabel, findDynamicsUrls, isDynamicsPackage } from './dynamicsEvidence';
import { baseName } from './paths';

/** A context file as the evidence collectors need it. */
export interface EvidenceSource {
  path: string;
  kind: string;
  text: string;
  xml: XmlDocument;
}

/** What a config or packages.config file says about its project: Dynamics evidence and TLS 1.2 enablement. */
export interface ConfigEvidence {
  dynamics: Evidence[];
  tlsEnablement: Evidence[];
}

/**
 * Reads Dynamics evidence (SDK packages, Dynamics connection strings and URLs, online or on-premises) and TLS 1.2
 * enablement (`DontEnableSchUseStrongCrypto=false`, spelt exactly and placed where the runtime reads it) from a config file.
 */
export function collectConfigEvidence(file: EvidenceSource): ConfigEvidence {
  const out: ConfigEvidence = { dynamics: [], tlsEnablement: [] };
  const name = baseName(file.path);
  for (const el of allElements(file.xml)) {
    if (file.kind === 'packagesConfig') {
      const id = el.localName === 'package' ? (attributeValue(el, 'id') ?? '') : '';
      if (isDynamicsPackage(id)) {
        out.dynamics.push({ path: file.path, start: el.start, end: el.startTagEnd, description: `package ${id} in packages.config`, reference: true });
      }
      continue;
    }
    for (const a of el.attributes) {
      const connection = classifyConnectionString(a.value);
      if (connection) {
        out.dynamics.push({
          path: file.path,
          start: a.valueStart,
          end: a.valueEnd,
          description: `${connectionStringLabel(connection)} in ${name}`,
          deployment: connection.deployment,
        });
        continue;
      }
      for (const url of findDynamicsUrls(a.value)) {
        out.dynamics.push({ path: file.path, start: a.valueStart, end: a.valueEnd, description: `URL on ${url.host} in ${name}`, deployment: 'online' });
      }
    }
  }
  if (file.kind === 'config') {
    for (const site of switchSites(file.xml, file.text, isWebConfigPath(file.path))) {
      for (const pair of site.pairs) {
        if (pair.name === SCH_USE_STRONG_CRYPTO && pairValue(pair) === false && isEffective(site, pair)) {
          const range = siteRange(site);
          out.tlsEnablement.push({ path: file.path, ...range, description: `${SCH_USE_STRONG_CRYPTO}=false in ${name}` });
        }
      }
    }
  }
  return out;
}
