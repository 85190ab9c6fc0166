/**
 * The documents issue 18 reproduced against the analysis (each one crashed or hung the CLI and the language server):
 * shared by the unit, LSP and CLI tests and the fuzz suite so that every layer is held to the same inputs.
 */
export interface HostileDocument {
  /** A short name for test titles and fuzz records. */
  name: string;
  /** The file name (its kind decides how it is analysed). */
  file: string;
  text: string;
  /** The rule of the information finding that says the value is too complex to analyse (none: nothing to report). */
  tooComplexRule?: string;
  /**
   * What the analysis says where it stopped: the bound a budget put on its work (in that finding's message, or in the
   * reason the file was skipped), or the value it kept as written instead of decoding it; none: nothing to say.
   */
  said?: string;
}

const OLD_STYLE_HEAD = '<Project ToolsVersion="15.0" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">\n<PropertyGroup>\n<OutputType>Exe</OutputType>\n';

/** Ten references per level for eight levels: 10^8 expansions when followed naively. */
export function propertyExpansionProject(levels = 8, refsPerLevel = 10): string {
  const props = ['<P0>v4.5</P0>'];
  for (let i = 1; i <= levels; i++) {
    props.push(`<P${i}>${`$(P${i - 1})`.repeat(refsPerLevel)}</P${i}>`);
  }
  return `${OLD_STYLE_HEAD}${props.join('\n')}\n<TargetFrameworkVersion>$(P${levels})</TargetFrameworkVersion>\n</PropertyGroup>\n</Project>\n`;
}

/** C# constants that double `count` times (`const int A1 = A0 | A0;` …), written to SecurityProtocol. */
export function doublingConstants(count = 26): string {
  const lines = ['    const int A0 = 3072;'];
  for (let i = 1; i <= count; i++) {
    lines.push(`    const int A${i} = A${i - 1} | A${i - 1};`);
  }
  return `using System.Net;\nclass C\n{\n${lines.join('\n')}\n    void M()\n    {\n        ServicePointManager.SecurityProtocol = (SecurityProtocolType)A${count};\n    }\n}\n`;
}

/** A SchUseStrongCrypto value continued over `lines` lines. */
export function longContinuationReg(lines = 30_000): string {
  return `Windows Registry Editor Version 5.00\n\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319]\n"SchUseStrongCrypto"=hex:01,\\\n${'  00,\\\n'.repeat(lines)}  00\n`;
}

/** An SDK-style project listing `count` target frameworks. */
export function manyTargetFrameworks(count = 200_000): string {
  return `<Project Sdk="Microsoft.NET.Sdk">\n<PropertyGroup>\n<OutputType>Exe</OutputType>\n<TargetFrameworks>${Array.from({ length: count }, () => 'net45').join(';')}</TargetFrameworks>\n</PropertyGroup>\n</Project>\n`;
}

/** XML nested `depth` levels deep in ways a naive depth scan misses (`/>` inside a quoted value, stray end tags). */
export function dodgingNesting(depth = 20_000, style: 'quoted' | 'stray' = 'quoted'): string {
  const open = style === 'quoted' ? '<a x="/>">' : '<a></b>';
  return `<Project>${open.repeat(depth)}${style === 'quoted' ? '</a>'.repeat(depth) : ''}</Project>\n`;
}

/** Every reproduction of issue 18's analysis section, at the sizes the issue measured. */
export function hostileDocuments(): HostileDocument[] {
  return [
    { name: 'character reference beyond Unicode in a project', file: 'CharRef.csproj', text: `${OLD_STYLE_HEAD}<TargetFrameworkVersion>v4.5&#x110000;</TargetFrameworkVersion>\n<X>&#99999999;</X>\n</PropertyGroup>\n</Project>\n`, said: '"v4.5&#x110000" is not a target framework' },
    { name: 'character reference beyond Unicode in web.config', file: 'web.config', text: '<configuration><appSettings><add key="a" value="&#x110000;&#99999999999999999999;"/></appSettings></configuration>\n' },
    { name: 'property expansion 10 refs x 8 levels', file: 'Expand.csproj', text: propertyExpansionProject(), tooComplexRule: 'TLS005', said: 'it expands more than 1000 property references' },
    { name: 'constants doubling 26 times', file: 'Doubling.cs', text: doublingConstants(), tooComplexRule: 'TLS020', said: 'folding it takes more than 10000 steps' },
    { name: '.reg value continued over 30,000 lines', file: 'Long.reg', text: longContinuationReg(), tooComplexRule: 'TLS041', said: 'it is continued over more than 10000 lines' },
    { name: '200,000 target frameworks', file: 'Many.csproj', text: manyTargetFrameworks(), tooComplexRule: 'TLS005', said: 'it lists more than 1000 entries' },
    { name: 'nesting hidden by /> in quotes', file: 'Quoted.csproj', text: dodgingNesting(20_000, 'quoted'), said: 'XML nested more than 500 levels deep' },
    { name: 'nesting hidden by stray end tags', file: 'Stray.csproj', text: dodgingNesting(20_000, 'stray'), said: 'XML nested more than 500 levels deep' },
  ];
}
