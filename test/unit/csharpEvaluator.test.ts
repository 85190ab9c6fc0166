import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csharpModel } from '../../server/src/engine/csharp/csharpModel';
import { conditionValue } from '../../server/src/engine/csharp/preprocessor';
import { targetDefaults } from '../../server/src/engine/project/runtime';
import { enablesTls12, resultingSet, writtenNumber } from '../../server/src/engine/csharp/writeVerdict';
import { WriteProblem, WriteVerdict, judgeWrites } from '../../server/src/engine/csharp/writeJudge';
import { Severity } from '../../server/src/engine/model/finding';
import { tls020Severity } from '../../server/src/engine/rules/tls020';
import { tls021Severity } from '../../server/src/engine/rules/tls021';
import { tls022Severity } from '../../server/src/engine/rules/tls022';
import { tls023Severity } from '../../server/src/engine/rules/tls023';
import { parseTargetFramework } from '../../server/src/engine/project/targetFramework';
import { backend } from '../support/engineHarness';

/** Parses a C# snippet (wrapped in a method unless it has its own class) and returns its model. */
async function modelOf(body: string, prelude = 'using System;\nusing System.Net;\n'): Promise<ReturnType<typeof csharpModel>> {
  const text = body.includes('class ') ? prelude + body : `${prelude}class C {\n  void M() {\n${body}\n  }\n}\n`;
  const tree = (await backend()).parse('c_sharp', text);
  return csharpModel(tree, text);
}

async function writtenSet(body: string, prelude?: string): Promise<number | string> {
  const model = await modelOf(body, prelude);
  const w = model.writes[model.writes.length - 1];
  assert.ok(w, 'a write is found');
  const v = writtenNumber(w);
  return v ? resultingSet(w, v, 0) : `unknown: ${w.value.kind === 'unknown' ? w.value.reason : ''}`;
}

/** The rule that reports each write problem, as the expectations below name them, and how that rule rates it. */
const RULE_OF: Record<WriteProblem, [string, (v: WriteVerdict) => Severity]> = {
  noTls12: ['TLS020', tls020Severity],
  deprecated: ['TLS021', tls021Severity],
  pinned: ['TLS022', tls022Severity],
  systemDefault: ['TLS023', tls023Severity],
};

async function verdict(body: string, tfm: string): Promise<string | undefined> {
  const model = await modelOf(body);
  const w = model.writes[model.writes.length - 1];
  assert.ok(w);
  const v = judgeWrites(model, targetDefaults(parseTargetFramework(tfm)), false).get(w);
  if (!v) {
    return undefined;
  }
  const [rule, severity] = RULE_OF[v.problem];
  return `${rule}:${severity(v)}`;
}

describe('C# protocol-set evaluator', () => {
  it('decodes enum members in every spelling', async () => {
    assert.equal(await writtenSet('ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls12;'), 3072);
    assert.equal(await writtenSet('System.Net.ServicePointManager.SecurityProtocol = System.Net.SecurityProtocolType.Tls11;'), 768);
    assert.equal(await writtenSet('ServicePointManager.SecurityProtocol = global::System.Net.SecurityProtocolType.Tls;'), 192);
    assert.equal(await writtenSet('ServicePointManager.SecurityProtocol = P.Tls12 | P.Tls;', 'using System.Net;\nusing P = System.Net.SecurityProtocolType;\n'), 3264);
    assert.equal(await writtenSet('ServicePointManager.SecurityProtocol = Tls12;', 'using System.Net;\nusing static System.Net.SecurityProtocolType;\n'), 3072);
    assert.equal(await writtenSet('ServicePointManager.SecurityProtocol = SecurityProtocolTypeExtensions.Tls12;'), 3072);
    assert.equal(await writtenSet('Spm.SecurityProtocol = SecurityProtocolType.Tls11;', 'using System.Net;\nusing Spm = System.Net.ServicePointManager;\n'), 768);
    assert.equal(await writtenSet('SecurityProtocol = SecurityProtocolType.Tls11;', 'using System.Net;\nusing static System.Net.ServicePointManager;\n'), 768);
  });

  it('folds casts of decimal, hex and binary integers, arithmetic and parentheses', async () => {
    assert.equal(await writtenSet('ServicePointManager.SecurityProtocol = (SecurityProtocolType)3072;'), 3072);
    assert.equal(await writtenSet('ServicePointManager.SecurityProtocol = (SecurityProtocolType)0xC00;'), 3072);
    assert.equal(await writtenSet('ServicePointManager.SecurityProtocol = (SecurityProtocolType)0b1100_0000;'), 192);
    assert.equal(await writtenSet('ServicePointManager.SecurityProtocol = (SecurityProtocolType)(1024 + 2048) | (SecurityProtocolType)(24 * 2);'), 3120);
    assert.equal(await writtenSet('ServicePointManager.SecurityProtocol = (SecurityProtocolType)(3072 | 768) & ~SecurityProtocolType.Tls11;'), 3072);
    assert.equal(await writtenSet('ServicePointManager.SecurityProtocol = (SecurityProtocolType)(12288 ^ 3072);'), 12288 ^ 3072);
  });

  it('resolves const fields and locals assigned once before use, and refuses the rest', async () => {
    assert.equal(await writtenSet('class K { const SecurityProtocolType P = SecurityProtocolType.Tls11; void M() { ServicePointManager.SecurityProtocol = P; } }'), 768);
    assert.equal(await writtenSet('class K { const int N = 768; void M() { ServicePointManager.SecurityProtocol = (SecurityProtocolType)N; } }'), 768);
    assert.equal(await writtenSet('var p = SecurityProtocolType.Tls11;\nServicePointManager.SecurityProtocol = p;'), 768);
    assert.equal(await writtenSet('SecurityProtocolType p;\np = SecurityProtocolType.Tls;\nServicePointManager.SecurityProtocol = p;'), 192);
    assert.match(String(await writtenSet('var p = SecurityProtocolType.Tls11;\np |= SecurityProtocolType.Tls12;\nServicePointManager.SecurityProtocol = p;')), /^unknown: .*changed more than once/);
    assert.equal(await writtenSet('var p = SecurityProtocolType.Tls11;\nAction a = () => ServicePointManager.SecurityProtocol = p;'), 768);
    assert.equal(await writtenSet('var p = SecurityProtocolType.Tls;\nvoid Local() { ServicePointManager.SecurityProtocol = p; }'), 192);
    assert.match(String(await writtenSet('var p = SecurityProtocolType.Tls;\nAction b = () => p = SecurityProtocolType.Tls12;\nAction a = () => ServicePointManager.SecurityProtocol = p;')), /^unknown: .*not assigned exactly once/);
    assert.equal(await writtenSet('class K {\n  // a const we keep;\n  const SecurityProtocolType P = SecurityProtocolType.Tls11;\n  void M() { ServicePointManager.SecurityProtocol = P; }\n}'), 768, 'a `const` in a comment does not make P ambiguous');
    assert.equal(await writtenSet('class K { const string S = "a;b", T = "c"; const int A = 1, B = 3072; void M() { ServicePointManager.SecurityProtocol = (SecurityProtocolType)B; } }'), 3072, 'the second declarator of a const field');
    assert.equal(await writtenSet('class K { const int A = 768; } class L { const int A = 192; void M() { ServicePointManager.SecurityProtocol = (SecurityProtocolType)A; } }'), 192, 'a simple name is the enclosing type\'s constant');
    assert.equal(await writtenSet('class O { const int A = 768; class I { void M() { ServicePointManager.SecurityProtocol = (SecurityProtocolType)A; } } } class L { const int A = 192; }'), 768, 'then the outer type\'s');
    assert.match(String(await writtenSet('class K { const int A = 768; } class L { const int A = 192; } class M { void F() { ServicePointManager.SecurityProtocol = (SecurityProtocolType)A; } }')), /^unknown: several constants are named A/);
    assert.equal(await writtenSet('ServicePointManager.SecurityProtocol = default(SecurityProtocolType);'), 0);
    assert.equal(await writtenSet('ServicePointManager.SecurityProtocol = default;'), 0);
    assert.match(String(await writtenSet('ServicePointManager.SecurityProtocol = Load();')), /^unknown: /);
    assert.match(String(await writtenSet('ServicePointManager.SecurityProtocol = (SecurityProtocolType)int.Parse(s);')), /^unknown: /);
  });

  it('gives an unknown value for a write whose value is still to be typed (tree-sitter inserts a missing name)', async () => {
    // `|= ;` parses with a zero-width identifier: looking that name up once searched the text for '' without end.
    assert.match(String(await writtenSet('ServicePointManager.SecurityProtocol |= ;')), /^unknown: /);
    assert.match(String(await writtenSet('ServicePointManager.SecurityProtocol = /* later */ ;')), /^unknown: /);
  });

  it('parses Enum.Parse of a literal and says when it cannot', async () => {
    assert.equal(await writtenSet('ServicePointManager.SecurityProtocol = (SecurityProtocolType)Enum.Parse(typeof(SecurityProtocolType), "Tls11, Tls12");'), 3840);
    assert.equal(await writtenSet('ServicePointManager.SecurityProtocol = Enum.Parse<SecurityProtocolType>("tls12", true);'), 3072);
    assert.match(String(await writtenSet('ServicePointManager.SecurityProtocol = Enum.Parse<SecurityProtocolType>("Tls14");')), /^unknown: .*Enum.Parse throws/);
  });

  it('reads nameof and named arguments in any order in Enum.Parse', async () => {
    assert.equal(await writtenSet('ServicePointManager.SecurityProtocol = (SecurityProtocolType)Enum.Parse(typeof(SecurityProtocolType), nameof(SecurityProtocolType.Tls11));'), 768);
    assert.equal(await writtenSet('ServicePointManager.SecurityProtocol = (SecurityProtocolType)Enum.Parse(value: "TLS12", ignoreCase: true, enumType: typeof(SecurityProtocolType));'), 3072);
    assert.equal(await writtenSet('ServicePointManager.SecurityProtocol = Enum.Parse<SecurityProtocolType>(ignoreCase: true, value: "tls");'), 192);
    assert.match(String(await writtenSet('ServicePointManager.SecurityProtocol = (SecurityProtocolType)Enum.Parse(typeof(SecurityProtocolType), nameof(Settings));')), /^unknown: .*Enum.Parse throws/);
  });

  it('understands deconstruction and ignores reads', async () => {
    const model = await modelOf('(ServicePointManager.SecurityProtocol, i) = ((SecurityProtocolType)384, 384);\nif (ServicePointManager.SecurityProtocol == SecurityProtocolType.Tls) {}\nvar f = ServicePointManager.SecurityProtocol.HasFlag(SecurityProtocolType.Tls12);');
    assert.equal(model.writes.length, 1);
    assert.equal(model.writes[0]?.deconstruction, true);
    assert.equal(model.writes[0] && writtenNumber(model.writes[0])?.zero, 384);
  });

  it('never looks inside comments, strings or #if false, but analyses #if branches', async () => {
    const model = await modelOf('// ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls;\nvar s = "ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls;";\n#if false\nServicePointManager.SecurityProtocol = SecurityProtocolType.Tls;\n#elif DEBUG\nServicePointManager.SecurityProtocol = SecurityProtocolType.Tls11;\n#else\nServicePointManager.SecurityProtocol = SecurityProtocolType.Ssl3;\n#endif');
    assert.deepEqual(model.writes.map((w) => writtenNumber(w)?.zero), [768, 48]);
  });
});

describe('C# calls: AppContext.SetSwitch and AuthenticateAsClient', () => {
  it('reads named arguments in any order and a bare SetSwitch under using static System.AppContext', async () => {
    const name = 'Switch.System.Net.DontEnableSchUseStrongCrypto';
    const model = await modelOf(
      `AppContext.SetSwitch(isEnabled: true, switchName: "${name}");\nSetSwitch("${name}", false);\nOther.SetSwitch("${name}", true);\nssl.AuthenticateAsClient(targetHost: "h", enabledSslProtocols: SslProtocols.None, clientCertificates: null, checkCertificateRevocation: false);`,
      'using System;\nusing static System.AppContext;\nusing System.Security.Authentication;\n',
    );
    assert.deepEqual(model.switches.map((c) => [c.name.kind === 'string' && c.name.value, c.value.kind === 'bool' && c.value.value]), [[name, true], [name, false]]);
    assert.deepEqual(model.sslUses.map((u) => u.value.kind === 'number' && u.value.zero), [0]);
    const plain = await modelOf(`SetSwitch("${name}", true);`);
    assert.equal(plain.switches.length, 0);
  });
});

describe('C# preprocessor: which branches no build compiles', () => {
  it('folds constant conditions with three-valued logic (a symbol may or may not be defined)', () => {
    assert.equal(conditionValue(' false'), false);
    assert.equal(conditionValue('!true && DEBUG'), false);
    assert.equal(conditionValue('(false) || !(true) // never'), false);
    assert.equal(conditionValue('true || DEBUG'), true);
    assert.equal(conditionValue('false == false'), true);
    assert.equal(conditionValue('DEBUG'), undefined);
    assert.equal(conditionValue('false || TRACE'), undefined);
    assert.equal(conditionValue('DEBUG &&'), undefined);
  });

  it('drops the branches after a constantly true one, keeps symbol branches, and skips directive text in strings', async () => {
    const model = await modelOf(
      [
        '#if true',
        'ServicePointManager.SecurityProtocol = (SecurityProtocolType)1;',
        '#elif DEBUG',
        'ServicePointManager.SecurityProtocol = (SecurityProtocolType)2;',
        '#else',
        'ServicePointManager.SecurityProtocol = (SecurityProtocolType)3;',
        '#endif',
        '#if false || TRACE',
        'ServicePointManager.SecurityProtocol = (SecurityProtocolType)4;',
        '#endif',
        'var s = @"',
        '#if false',
        '";',
        'ServicePointManager.SecurityProtocol = (SecurityProtocolType)5;',
        '/*',
        '#if false',
        '*/',
        'ServicePointManager.SecurityProtocol = (SecurityProtocolType)6;',
      ].join('\n'),
    );
    assert.deepEqual(model.writes.map((w) => writtenNumber(w)?.zero), [1, 4, 5, 6]);
  });
});

describe('C# write verdicts (docs/rules/TLS020.md–TLS023.md)', () => {
  it('judges compound writes against the target default (RULES.md 2.1 item 7: additive writes by target)', async () => {
    assert.equal(await verdict('ServicePointManager.SecurityProtocol |= (SecurityProtocolType)192;', 'v4.5.2'), undefined);
    assert.equal(await verdict('ServicePointManager.SecurityProtocol |= (SecurityProtocolType)192;', 'net48'), 'TLS020:error');
    assert.equal(await verdict('ServicePointManager.SecurityProtocol |= (SecurityProtocolType)192;', 'v4.6.2'), 'TLS021:information');
    const mask = 'ServicePointManager.SecurityProtocol &= ~(SecurityProtocolType.Ssl3 | SecurityProtocolType.Tls | SecurityProtocolType.Tls11);';
    assert.equal(await verdict(mask, 'v4.5.2'), 'TLS020:error');
    assert.equal(await verdict(mask, 'v4.6.2'), undefined);
    assert.equal(await verdict(mask, 'net48'), undefined);
  });

  it('keeps the KB line clean and grades pins by target', async () => {
    assert.equal(await verdict('ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls12;', 'v4.5.2'), undefined);
    assert.equal(await verdict('ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls12;', 'net48'), 'TLS022:information');
    assert.equal(await verdict('ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls12;', 'v4.5.2'), 'TLS022:information');
    assert.equal(await verdict('ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls12 | SecurityProtocolType.Tls13;', 'net48'), 'TLS022:warning');
    assert.equal(await verdict('ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls;', 'net8.0'), 'TLS020:warning');
    assert.equal(await verdict('ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls12;', 'net8.0'), 'TLS022:information');
  });

  it('separates SystemDefault (TLS023) from a mask that leaves nothing (TLS020)', async () => {
    assert.equal(await verdict('ServicePointManager.SecurityProtocol = SecurityProtocolType.SystemDefault;', 'v4.6.2'), 'TLS023:error');
    assert.equal(await verdict('ServicePointManager.SecurityProtocol = (SecurityProtocolType)0;', 'v4.5.2'), 'TLS023:error');
    assert.equal(await verdict('ServicePointManager.SecurityProtocol = SecurityProtocolType.SystemDefault;', 'net47'), undefined);
    assert.equal(await verdict('ServicePointManager.SecurityProtocol &= SecurityProtocolType.Tls13;', 'v4.5.2'), 'TLS020:error');
  });

  it('counts a write as TLS 1.2 enablement when its result from the ≤ 4.5.2 default keeps Tls12 (`^=` too)', async () => {
    const enables = async (body: string): Promise<boolean> => {
      const w = (await modelOf(body)).writes[0];
      assert.ok(w);
      return enablesTls12(w);
    };
    assert.equal(await enables('ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls12;'), true);
    assert.equal(await enables('ServicePointManager.SecurityProtocol ^= SecurityProtocolType.Tls12;'), true);
    assert.equal(await enables('ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls11 | SecurityProtocolType.Tls12;'), true);
    assert.equal(await enables('ServicePointManager.SecurityProtocol &= SecurityProtocolType.Tls12;'), false);
    assert.equal(await enables('ServicePointManager.SecurityProtocol = SecurityProtocolType.SystemDefault;'), false);
    assert.equal(await enables('ServicePointManager.SecurityProtocol = Load();'), false);
  });

  it('judges a conditional value only when every branch gets the same verdict', async () => {
    const both = 'ServicePointManager.SecurityProtocol = ok ? SecurityProtocolType.Tls : (SecurityProtocolType)768;';
    assert.equal(await verdict(both, 'net48'), 'TLS020:error');
    assert.equal(await verdict('var p = ok ? SecurityProtocolType.Tls12 : SecurityProtocolType.Tls12 | SecurityProtocolType.Tls13;\nServicePointManager.SecurityProtocol = p;', 'net48'), 'TLS022:warning');
    assert.equal(await verdict('ServicePointManager.SecurityProtocol = (SecurityProtocolType)(ok ? 192 : 3264);', 'v4.6.2'), undefined);
    assert.equal(await verdict('ServicePointManager.SecurityProtocol = ok ? SecurityProtocolType.Tls12 : SecurityProtocolType.SystemDefault;', 'net48'), undefined);
    assert.equal(await verdict('ServicePointManager.SecurityProtocol = (ok ? SecurityProtocolType.Tls : SecurityProtocolType.Tls11) | SecurityProtocolType.Tls12;', 'net48'), undefined);
    const w = (await modelOf('ServicePointManager.SecurityProtocol |= ok ? SecurityProtocolType.Tls12 : (SecurityProtocolType)3072;')).writes[0];
    assert.ok(w);
    assert.equal(enablesTls12(w), true);
  });

  it('treats `= SecurityProtocol | Tls12` like `|=` and blames only written deprecated members', async () => {
    assert.equal(await verdict('ServicePointManager.SecurityProtocol = ServicePointManager.SecurityProtocol | SecurityProtocolType.Tls12;', 'v4.5.2'), undefined);
    assert.equal(await verdict('ServicePointManager.SecurityProtocol = ServicePointManager.SecurityProtocol & ~SecurityProtocolType.Tls;', 'v4.6.2'), undefined);
    assert.equal(await verdict('ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls11 | SecurityProtocolType.Tls12;', 'v4.5.2'), 'TLS021:information');
  });

  it('survives bad input: deep nesting, unterminated strings, a huge file', async () => {
    const deep = `ServicePointManager.SecurityProtocol = ${'('.repeat(3000)}SecurityProtocolType.Tls${')'.repeat(3000)};`;
    const model = await modelOf(deep);
    assert.ok(model.writes.length <= 1);
    await modelOf('ServicePointManager.SecurityProtocol = "unterminated;\nServicePointManager.SecurityProtocol = SecurityProtocolType.Tls;');
    const big = Array.from({ length: 20000 }, (_, i) => `ServicePointManager.SecurityProtocol ${i % 2 ? '|=' : '='} (SecurityProtocolType)${i};`).join('\n');
    const bigModel = await modelOf(big);
    assert.equal(bigModel.writes.length, 20000);
  });
});
