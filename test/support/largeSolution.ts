import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Files of `largeSolution` whose C# starts a single worker (`--jobs 2`: one worker starts after 1 MB of source). */
export const ONE_WORKER_FILES = 80;

/**
 * A solution with more C# to parse than a scan does in its own thread before it starts workers (`files` of ~15.6 KB of
 * client creations and protocol writes: 40 make ~625 KB, past the 256 KB after which two or more workers start; 80
 * make ~1.25 MB, past the 1 MB after which a single worker starts, `--jobs 2`), on .NET Framework 4.5.2.
 */
export function largeSolution(files = 40): string {
  const dir = mkdtempSync(join(tmpdir(), 'dtls-jobs-'));
  const src = join(dir, 'Big');
  mkdirSync(src);
  writeFileSync(join(src, 'Big.csproj'), '<Project ToolsVersion="14.0" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">\r\n  <PropertyGroup>\r\n    <OutputType>Exe</OutputType>\r\n    <TargetFrameworkVersion>v4.5.2</TargetFrameworkVersion>\r\n  </PropertyGroup>\r\n  <ItemGroup>\r\n    <Compile Include="*.cs" />\r\n  </ItemGroup>\r\n</Project>\r\n');
  const filler = Array.from({ length: 120 }, (_, i) => `    public int Method${i}(int a) { var list = new System.Collections.Generic.List<int> { a, ${i} }; return list.Count + a * ${i}; }\n`).join('');
  for (let f = 0; f < files; f++) {
    const body = f % 3 === 0 ? 'System.Net.ServicePointManager.SecurityProtocol = System.Net.SecurityProtocolType.Tls;' : 'var client = new Microsoft.Xrm.Tooling.Connector.CrmServiceClient("AuthType=Office365;Url=https://contoso.crm.dynamics.com");';
    writeFileSync(join(src, `Service${f}.cs`), `using System;\nnamespace Big\n{\n  public class Service${f}\n  {\n    public void Connect()\n    {\n      ${body}\n    }\n${filler}  }\n}\n`);
  }
  return dir;
}
