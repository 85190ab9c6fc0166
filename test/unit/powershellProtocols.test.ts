import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SyntaxNode } from '../../server/src/engine/parsing/parserPort';
import { namedChildrenOf, walk } from '../../server/src/engine/parsing/walk';
import { PROTOCOL_BITS, TLS12, WINDOWS_POWERSHELL_DEFAULT, evaluateProtocols, isTls12Guard, isWindowsPowerShellGuard } from '../../server/src/engine/powershell/protocolSet';
import { variableName } from '../../server/src/engine/powershell/psSyntax';
import { backend } from '../support/engineHarness';

const SSL3 = PROTOCOL_BITS.ssl3 ?? 48;
const TLS = PROTOCOL_BITS.tls ?? 192;
const TLS11 = PROTOCOL_BITS.tls11 ?? 768;
const TLS13 = PROTOCOL_BITS.tls13 ?? 12288;

/** Parses `script` and evaluates the value of its last `SecurityProtocol` assignment with the given current set. */
async function valueOf(script: string, current = WINDOWS_POWERSHELL_DEFAULT): Promise<{ set: number; written: number; readsCurrent: boolean } | undefined> {
  const tree = (await backend()).parse('powershell', script);
  try {
    const assignments: SyntaxNode[] = [];
    const values = new Map<string, SyntaxNode>();
    walk(tree.rootNode, (n) => {
      if (n.type === 'assignment_expression') {
        const left = namedChildrenOf(n)[0];
        const name = left ? variableName(left) : undefined;
        const v = n.childForFieldName('value');
        if (name && v) {
          values.set(name, v);
        } else if (v) {
          assignments.push(v);
        }
      }
      return true;
    });
    const last = assignments[assignments.length - 1];
    assert.ok(last, 'the script has a SecurityProtocol assignment');
    return evaluateProtocols(last, current, (name) => values.get(name));
  } finally {
    tree.delete();
  }
}

const SPM = '[Net.ServicePointManager]::SecurityProtocol';

describe('PowerShell protocol set evaluation', () => {
  const cases: [string, number][] = [
    [`${SPM} = [System.Net.SecurityProtocolType]::Tls12`, TLS12],
    [`${SPM} = [Net.SecurityProtocolType]::Tls11`, TLS11],
    [`${SPM} = 'Tls12'`, TLS12],
    [`${SPM} = "Tls11, Tls12"`, TLS11 | TLS12],
    [`${SPM} = 3072`, TLS12],
    [`${SPM} = 0xC00`, TLS12],
    [`${SPM} = 3072 -bor 768`, TLS12 | TLS11],
    [`${SPM} = [Net.SecurityProtocolType]3072`, TLS12],
    [`${SPM} = [Net.SecurityProtocolType]'Tls11'`, TLS11],
    [`${SPM} = [enum]::Parse([Net.SecurityProtocolType], 'Tls11, Tls12')`, TLS11 | TLS12],
    [`${SPM} = [System.Enum]::ToObject([Net.SecurityProtocolType], 3072)`, TLS12],
    [`${SPM} = [Net.SecurityProtocolType]::Tls -bor [Net.SecurityProtocolType]::Tls12`, TLS | TLS12],
    [`${SPM} = [Net.SecurityProtocolType]::Tls12 -bor [Net.SecurityProtocolType]::Tls13`, TLS12 | TLS13],
    [`${SPM} = ([Net.SecurityProtocolType]::Tls12)`, TLS12],
    [`${SPM} = [Net.SecurityProtocolType]::SystemDefault`, 0],
    [`$p = [Net.SecurityProtocolType]::Tls12\n${SPM} = $p`, TLS12],
    [`[net.servicepointmanager]::securityprotocol = [NET.SECURITYPROTOCOLTYPE]::TLS12`, TLS12],
  ];
  for (const [script, expected] of cases) {
    it(`${script.split('\n').pop() ?? script} → ${expected}`, async () => {
      const v = await valueOf(script);
      assert.ok(v, 'evaluates to a constant set');
      assert.equal(v.set & 0xfff0, expected);
    });
  }

  it('reads the current value for -bor: Windows PowerShell 5.1 default Ssl3|Tls plus Tls12, writing only Tls12', async () => {
    const v = await valueOf(`${SPM} = ${SPM} -bor [Net.SecurityProtocolType]::Tls12`);
    assert.ok(v);
    assert.equal(v.set, SSL3 | TLS | TLS12);
    assert.equal(v.written, TLS12);
    assert.equal(v.readsCurrent, true);
  });

  it('a mask on the current value writes no deprecated member', async () => {
    const v = await valueOf(`${SPM} = ${SPM} -band -bnot ([Net.SecurityProtocolType]::Ssl3 -bor [Net.SecurityProtocolType]::Tls)`, SSL3 | TLS | TLS12);
    assert.ok(v);
    assert.equal(v.set & 0xfff0, TLS12);
    assert.equal(v.written & 0xfff0, 0);
  });

  it('values it cannot know stay unknown (no guess)', async () => {
    assert.equal(await valueOf(`${SPM} = $config.Protocol`), undefined);
    assert.equal(await valueOf(`${SPM} = "$proto"`), undefined);
    assert.equal(await valueOf(`${SPM} = 'Tls12, NotAProtocol'`), undefined);
  });

  it('recognises the idempotent guard and nothing else as a Tls12 test', async () => {
    const parse = async (condition: string, guard = isTls12Guard): Promise<boolean> => {
      const tree = (await backend()).parse('powershell', `if (${condition}) { }`);
      try {
        const cond = namedChildrenOf(namedChildrenOf(namedChildrenOf(tree.rootNode)[0] as SyntaxNode)[0] as SyntaxNode).find((c) => c.type === 'pipeline');
        assert.ok(cond);
        return guard(cond);
      } finally {
        tree.delete();
      }
    };
    assert.equal(await parse(`-not (${SPM} -band [Net.SecurityProtocolType]::Tls12)`), true);
    assert.equal(await parse(`(${SPM} -band 3072) -eq 0`), true);
    assert.equal(await parse(`$env:USE_TLS -eq 'Tls12'`), false);
    assert.equal(await parse(`$PSVersionTable.PSVersion.Major -lt 6`), false);
    assert.equal(await parse(`$PSVersionTable.PSVersion.Major -lt 6`, isWindowsPowerShellGuard), true);
    assert.equal(await parse(`$PSVersionTable.PSEdition -eq 'Desktop'`, isWindowsPowerShellGuard), true);
    assert.equal(await parse(`$PSVersionTable.PSVersion.Major -lt 6 -or $Force`, isWindowsPowerShellGuard), false);
    assert.equal(await parse(`$PSVersionTable.PSVersion.Major -lt 3`, isWindowsPowerShellGuard), false);
  });
});
