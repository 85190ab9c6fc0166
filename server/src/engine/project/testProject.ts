import { Severity } from '../model/finding';
import { allElements, attributeValue } from '../parsing/xmlModel';
import { Evidence } from './dynamicsEvidence';
import { IndexedFile } from './indexedFile';
import { ProjectModel } from './projectModel';

/** The test `ProjectTypeGuid` Visual Studio writes into old-style MSTest projects. */
const TEST_PROJECT_TYPE = '{3AC096D0-A1C2-E12C-1390-A8335801FDAB}';

/**
 * Packages and assemblies that make a project a test project: the test SDK, MSTest, NUnit, xUnit, and a package that
 * brings one of them under its own name as the last part of its id (`DataverseUnitTest.MSTest`, `FakeXrmEasy.NUnit`):
 * such a project references the framework through it (docs/facts.md#which-process-runs-the-code).
 */
const TEST_FRAMEWORK = /^(Microsoft\.NET\.Test\.Sdk|MSTest(\.TestFramework|\.TestAdapter|\.Sdk)?|Microsoft\.VisualStudio\.QualityTools\.UnitTestFramework|Microsoft\.VisualStudio\.TestPlatform\.TestFramework|NUnit|nunit\.framework|NUnit3TestAdapter|xunit|xunit\.core|xunit\.v3|xunit\.runner\.visualstudio|[\w.]+\.(MSTest|NUnit|xUnit))$/i;

/**
 * Why a project is a test project, or undefined: it references the test SDK, MSTest, NUnit or xUnit (as a package, an
 * assembly or a packages.config entry), or carries the test `ProjectTypeGuid`. A test project runs in a test host with
 * its own target's defaults: it is judged as an executable, with errors lowered to warnings.
 */
export function testProjectEvidence(model: ProjectModel, configFile: (path: string) => IndexedFile | undefined): Evidence | undefined {
  const guids = model.property('ProjectTypeGuids');
  if (guids?.toUpperCase().includes(TEST_PROJECT_TYPE)) {
    const def = model.file.properties.find((p) => p.name === 'ProjectTypeGuids');
    return def ? { path: def.path, start: def.element.start, end: def.element.end, description: 'the test ProjectTypeGuid' } : undefined;
  }
  for (const item of model.file.items) {
    const name = (item.include.split(',')[0] ?? '').trim();
    if ((item.type === 'PackageReference' || item.type === 'Reference') && TEST_FRAMEWORK.test(name)) {
      return { path: item.path, start: item.element.start, end: item.element.startTagEnd, description: `test framework ${name}` };
    }
  }
  for (const c of model.configFiles) {
    const f = configFile(c);
    const entry = f?.kind === 'packagesConfig' ? allElements(f.xml).find((e) => e.localName === 'package' && TEST_FRAMEWORK.test(attributeValue(e, 'id') ?? '')) : undefined;
    if (f && entry) {
      return { path: f.path, start: entry.start, end: entry.startTagEnd, description: `test framework ${attributeValue(entry, 'id') ?? ''} in packages.config` };
    }
  }
  return undefined;
}

/** Why findings in a test project are lowered, said once in every lowered message. */
const TEST_HOST_NOTE = 'lowered from error: a test project runs in a test host with its own target\'s defaults, and test code is not what ships';

/** An error in a test project's files becomes a warning that says why (every rule: the host process adjusts every severity). */
export function lowerForTestHost(project: ProjectModel | undefined, severity: Severity, message: string): { severity: Severity; message: string } {
  if (!project?.testProject || severity !== 'error') {
    return { severity, message };
  }
  return { severity: 'warning', message: `${message.replace(/\.$/, '')} (${TEST_HOST_NOTE}).` };
}
