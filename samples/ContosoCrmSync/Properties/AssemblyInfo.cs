using System.Reflection;
using System.Runtime.InteropServices;

[assembly: AssemblyTitle("ContosoCrmSync")]
[assembly: AssemblyProduct("ContosoCrmSync")]
[assembly: ComVisible(false)]
[assembly: AssemblyVersion("1.0.0.0")]
