import { joinPath } from './paths';
import { ProjectModel } from './projectModel';

/**
 * A set of MSBuild item specs (`;` lists, `*`/`?`/`**` wildcards, relative to the project) compiled once: literal paths
 * in a set, wildcards as one regular expression each, so that asking whether a file is named costs a lookup, not a walk
 * over every item of the project.
 */
export class ItemSpecSet {
  private readonly exact = new Set<string>();
  private readonly globs: RegExp[] = [];

  constructor(dir: string, specs: Iterable<string>) {
    for (const spec of specs) {
      for (const part of spec.split(';')) {
        const trimmed = part.trim();
        if (trimmed === '') {
          continue;
        }
        const pattern = joinPath(dir, trimmed).toLowerCase();
        if (pattern.includes('*') || pattern.includes('?')) {
          this.globs.push(globRegExp(pattern));
        } else {
          this.exact.add(pattern);
        }
      }
    }
  }

  /** True when no spec was given. */
  get empty(): boolean {
    return this.exact.size === 0 && this.globs.length === 0;
  }

  /** True when a spec names the (lower-case, absolute) path. */
  names(lowerPath: string): boolean {
    return this.exact.has(lowerPath) || this.globs.some((g) => g.test(lowerPath));
  }
}

/** The compiled item specs of one project that decide which files it owns. */
export interface OwnershipSpecs {
  /** Old style: Compile, None and Content includes. */
  listed: ItemSpecSet;
  /** SDK style: Compile includes (used when default items are off) and Compile removes. */
  compileIncludes: ItemSpecSet;
  compileRemoves: ItemSpecSet;
  defaultItemsOff: boolean;
}

/** Compiles a project's ownership specs (once per index generation). */
export function ownershipSpecs(model: ProjectModel): OwnershipSpecs {
  const items = model.file.items;
  const compile = items.filter((i) => i.type === 'Compile');
  const off = (name: string): boolean => model.property(name)?.trim().toLowerCase() === 'false';
  return {
    listed: new ItemSpecSet(model.dir, items.filter((i) => i.type === 'Compile' || i.type === 'None' || i.type === 'Content').map((i) => i.include)),
    compileIncludes: new ItemSpecSet(model.dir, compile.map((i) => i.include)),
    compileRemoves: new ItemSpecSet(model.dir, compile.flatMap((i) => (i.metadata['Remove'] !== undefined ? [i.metadata['Remove']] : []))),
    defaultItemsOff: off('EnableDefaultCompileItems') || off('EnableDefaultItems'),
  };
}

/** True when an old-style project lists the file in a Compile/None/Content item. */
export function listsItem(specs: OwnershipSpecs, lowerPath: string): boolean {
  return specs.listed.names(lowerPath);
}

/**
 * True when an SDK-style project compiles a C# file under its folder: not taken out by `<Compile Remove>`, and, when
 * default items are off (`EnableDefaultCompileItems`/`EnableDefaultItems` false), listed by a `<Compile Include>`.
 */
export function sdkCompiles(specs: OwnershipSpecs, lowerPath: string): boolean {
  if (specs.compileRemoves.names(lowerPath)) {
    return false;
  }
  return specs.defaultItemsOff ? specs.compileIncludes.names(lowerPath) : true;
}

/** `**` spans any number of folders (a trailing one: everything below); `*` and `?` stay within one name. */
function globRegExp(pattern: string): RegExp {
  const segments = pattern.split('/');
  const source = segments
    .map((seg, i) => {
      const last = i === segments.length - 1;
      if (seg === '**') {
        return last ? '.*' : '(?:[^/]+/)*';
      }
      return seg.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]') + (last ? '' : '/');
    })
    .join('');
  return new RegExp(`^${source}$`);
}
