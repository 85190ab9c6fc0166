import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csharpModel } from '../../server/src/engine/csharp/csharpModel';
import { creationsWithLateEnablement, isTimelySwitch, lateWrites } from '../../server/src/engine/csharp/ordering';
import { backend } from '../support/engineHarness';

const PRELUDE = 'using System;\nusing System.Net;\nusing Microsoft.Xrm.Tooling.Connector;\n';
const CREATE = 'var c = new CrmServiceClient(cs);';
const WRITE = 'ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls12;';
const SWITCH = 'AppContext.SetSwitch("Switch.System.Net.DontEnableSchUseStrongCrypto", false);';

async function modelOf(members: string): Promise<ReturnType<typeof csharpModel>> {
  const text = `${PRELUDE}class C {\n${members}\n}\n`;
  return csharpModel((await backend()).parse('c_sharp', text), text);
}

/** The kinds of the late enablements of a method body. */
async function late(body: string): Promise<string[]> {
  return lateWrites(await modelOf(`void M(string cs) {\n${body}\n}`)).map((l) => l.write.kind);
}

describe('C# ordering: TLS 1.2 enabled after a Dynamics client is created (TLS026)', () => {
  it('finds a late SecurityProtocol write and a late SetSwitch(DontEnableSchUseStrongCrypto, false)', async () => {
    assert.deepEqual(await late(`${CREATE}\n${WRITE}`), ['write']);
    assert.deepEqual(await late(`${CREATE}\n${SWITCH}`), ['switch']);
    assert.deepEqual(await late(`${CREATE}\nif (c.IsReady) { ${WRITE} }`), ['write']);
  });

  it('ignores enablement before the creation, a misspelt or true switch, and other methods', async () => {
    assert.deepEqual(await late(`${WRITE}\n${CREATE}\n${WRITE}`), []);
    assert.deepEqual(await late(`${SWITCH}\n${CREATE}\n${WRITE}`), []);
    assert.deepEqual(await late(`${CREATE}\nAppContext.SetSwitch("Switch.System.Net.DontEnableSchUseStrongCrypo", false);`), []);
    assert.deepEqual(await late(`${CREATE}\nAppContext.SetSwitch("Switch.System.Net.DontEnableSchUseStrongCrypto", true);`), []);
    assert.deepEqual(lateWrites(await modelOf(`void A(string cs) { ${CREATE} }\nvoid B() { ${WRITE} }`)), []);
  });

  it('counts a SetSwitch as project enablement only when it runs before the creations of its body', async () => {
    const early = await modelOf(`void M(string cs) {\n${SWITCH}\n${CREATE}\n}`);
    const lateOne = await modelOf(`void M(string cs) {\n${CREATE}\n${SWITCH}\n}`);
    const elsewhere = await modelOf(`void A(string cs) { ${CREATE} }\nstatic C() { ${SWITCH} }`);
    assert.deepEqual([early, lateOne, elsewhere].map((m) => m.switches.every((s) => isTimelySwitch(m, s))), [true, false, true]);
  });

  it('leaves to TLS026 every creation of a method whose TLS 1.2 comes late, and none of another method', async () => {
    const m = await modelOf(`void M(string cs) {\n${CREATE}\n${WRITE}\nvar d = new CrmServiceClient(cs);\n}\nvoid N(string cs) { ${CREATE} }`);
    assert.deepEqual(creationsWithLateEnablement(m).map((c) => c.span.start), m.creations.slice(0, 2).map((c) => c.span.start));
  });

  it('records the SslClientAuthenticationOptions.EnabledSslProtocols a TLS024 check reads', async () => {
    const m = await modelOf('void M(System.Net.Security.SslStream s) {\n s.AuthenticateAsClient(new SslClientAuthenticationOptions { TargetHost = "h", EnabledSslProtocols = SslProtocols.Tls });\n}');
    assert.deepEqual(m.sslUses.map((u) => [u.site, u.value.kind === 'number' ? u.value.zero : u.value.kind]), [['SslProtocols property', 192]]);
  });
});
