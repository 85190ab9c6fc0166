import { BandVerdict, TargetSensitiveWrite } from '../project/codeFacts';
import { DEFAULT_BANDS } from '../project/retargetRisk';
import { targetDefaults } from '../project/runtime';
import { PROTOCOL_BITS } from '../project/targetFramework';
import { CsharpRecords, SecurityProtocolWrite } from './csharpRecords';
import { judgeWrites } from './writeJudge';
import { BoundedMemo, bodyGroups } from './bodyGroups';
import { withoutDeprecated } from './writeVerdict';

/** The bands below 4.7, where TLS020's and TLS021's safe fixes rewrite a write instead of removing it. */
const REWRITING_BANDS = [0, 1];

/**
 * The file's `SecurityProtocol` writes whose finding differs between the .NET Framework default bands, each with its
 * verdict under every band, and — where its own safe fix below 4.7 rewrites it — the verdicts of the rewritten write:
 * the flow judged as the write rules judge it (csharp/writeJudge.ts), once per band. A retarget moves the process
 * between bands, so these are the writes "fix all" can make worse: `|= Tls` on 4.5.2 is TLS020 on 4.8, and
 * `= Tls12 | Tls11` on 4.0, once TLS021's fix dropped `Tls11`, a TLS022 warning on 4.8.
 */
export function targetSensitiveWrites(path: string, text: string, model: CsharpRecords): TargetSensitiveWrite[] {
  if (model.writes.length === 0) {
    return [];
  }
  const found = new Map<SecurityProtocolWrite, Sensitivity>();
  for (const group of bodyGroups(model)) {
    let kept = sensitivityMemo.get(group.key);
    if (!kept) {
      kept = bodySensitivity(group);
      sensitivityMemo.set(group.key, kept);
    }
    kept.forEach((s, i) => {
      const w = group.writes[i];
      if (s && w) {
        found.set(w, s);
      }
    });
  }
  const out: TargetSensitiveWrite[] = [];
  for (const w of model.writes) {
    const s = found.get(w);
    if (s) {
      const start = w.span.start;
      out.push({ path, start, end: w.span.end, description: text.slice(start, Math.min(w.span.end, start + 80)), ...s });
    }
  }
  return out;
}

/** What a target-sensitive write's fact says beyond its place: its verdict per band, and after its own fix. */
type Sensitivity = Pick<TargetSensitiveWrite, 'bands' | 'afterOwnFix'>;

/** Per body, by its records relative to its start (bodyGroups.ts): each write's sensitivity, undefined when it has none. */
const sensitivityMemo = new BoundedMemo<(Sensitivity | undefined)[]>(20_000);

/** The sensitivity of each write of one body (the flow never crosses bodies). */
function bodySensitivity(model: Pick<CsharpRecords, 'writes' | 'creations'>): (Sensitivity | undefined)[] {
  const bands = verdictsByBand(model);
  const byBody = writesByBody(model.writes);
  return model.writes.map((w) => {
    const asIs = bands.map((verdicts) => verdicts.get(w) ?? null);
    const afterOwnFix = REWRITING_BANDS.map((band) => {
      const fixed = rewritten(w, asIs[band] ?? null);
      if (!fixed) {
        return null;
      }
      // The flow is judged per body (docs/rules/TLS020.md, "Flow"): re-judge only the rewritten write's own body, so a
      // file of n writes costs n small judgements, not n whole-file ones.
      const body = (byBody.get(w.body) ?? []).map((x) => (x === w ? fixed : x));
      return verdictsByBand({ ...model, writes: body }).map((v) => v.get(fixed) ?? null);
    });
    const all = [asIs, ...afterOwnFix.filter((v): v is BandVerdict[] => v !== null)].flat().map((v) => JSON.stringify(v));
    if (all.some((v) => v !== all[0])) {
      return { bands: asIs, ...(afterOwnFix.some((v) => v) ? { afterOwnFix } : {}) };
    }
    return undefined;
  });
}

/** A file's writes grouped by the body (method, lambda, file; undefined: field initializers) that holds them. */
function writesByBody(writes: readonly SecurityProtocolWrite[]): Map<number | undefined, SecurityProtocolWrite[]> {
  const out = new Map<number | undefined, SecurityProtocolWrite[]>();
  for (const w of writes) {
    const list = out.get(w.body);
    if (list) {
      list.push(w);
    } else {
      out.set(w.body, [w]);
    }
  }
  return out;
}

/** Each band's verdicts on a file's writes, as much of them as their rules rate them by. */
function verdictsByBand(model: Pick<CsharpRecords, 'writes' | 'creations'>): Map<SecurityProtocolWrite, NonNullable<BandVerdict>>[] {
  return DEFAULT_BANDS.map((band) => {
    const out = new Map<SecurityProtocolWrite, NonNullable<BandVerdict>>();
    for (const [w, { problem, family, osDecides, worlds, targetDependent }] of judgeWrites(model, targetDefaults(band), false)) {
      out.set(w, { problem, family, osDecides, worlds, targetDependent });
    }
    return out;
  });
}

/**
 * The write as its safe fix below 4.7 leaves it, or undefined when the fix removes it or there is none: TLS020's
 * `|= Tls12` (docs/rules/TLS020.md#the-fix), TLS021's value without the deprecated members (docs/rules/TLS021.md#the-fix).
 */
function rewritten(w: SecurityProtocolWrite, verdict: BandVerdict): SecurityProtocolWrite | undefined {
  const tls12 = (bits: number): SecurityProtocolWrite['value'] => ({ kind: 'number', zero: bits, full: bits, readsCurrent: false, enumType: 'SecurityProtocolType' });
  if (verdict?.problem === 'noTls12' && !w.deconstruction) {
    return { ...w, operator: '|=', value: tls12(PROTOCOL_BITS.Tls12) };
  }
  const keep = verdict?.problem === 'deprecated' ? withoutDeprecated(w) : undefined;
  return keep ? { ...w, value: tls12(keep) } : undefined;
}
